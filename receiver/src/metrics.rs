//! Prometheus metrics of `serve` (`GET /metrics`, OpenMetrics text), with the `prometheus-client`
//! crate: one registry per server, no global state.
//!
//! | metric | type | meaning |
//! |---|---|---|
//! | `kelisim_records_stored_total` | counter | records stored (201) |
//! | `kelisim_records_repeated_total` | counter | repeats of a stored record id (200) |
//! | `kelisim_records_rejected_total{reason}` | counter | records refused, by reason: `media_type`, `too_large`, `not_utf8`, `invalid_json`, `schema`, `client_time`, `database`, `rate_limited`, `test_hook` |
//! | `kelisim_batch_size` | histogram | records per group-commit transaction |
//! | `kelisim_commit_seconds` | histogram | time of one group-commit transaction (lock, look-ups, insert, commit/fsync) |
//! | `kelisim_batch_wait_seconds` | histogram | time a record waited in the writer's queue before its transaction began |

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// A rejection reason label.
pub type Reason = Vec<(&'static str, &'static str)>;

/// The receiver's metrics.
pub struct Metrics {
    registry: Registry,
    /// Records stored.
    pub stored: Counter,
    /// Repeats.
    pub repeated: Counter,
    /// Refusals by reason.
    pub rejected: Family<Reason, Counter>,
    /// Records per transaction.
    pub batch_size: Histogram,
    /// Seconds per transaction.
    pub commit_seconds: Histogram,
    /// Seconds in the queue.
    pub wait_seconds: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with every metric at zero.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("kelisim");
        let stored = Counter::default();
        let repeated = Counter::default();
        let rejected = Family::<Reason, Counter>::default();
        let batch_size = Histogram::new(exponential_buckets(1.0, 2.0, 11));
        let commit_seconds = Histogram::new(exponential_buckets(0.000_25, 2.0, 14));
        let wait_seconds = Histogram::new(exponential_buckets(0.000_25, 2.0, 14));
        registry.register("records_stored", "Records stored (201)", stored.clone());
        registry.register(
            "records_repeated",
            "Repeats of a stored record id (200)",
            repeated.clone(),
        );
        registry.register(
            "records_rejected",
            "Records refused, by reason",
            rejected.clone(),
        );
        registry.register(
            "batch_size",
            "Records per group-commit transaction",
            batch_size.clone(),
        );
        registry.register(
            "commit_seconds",
            "Duration of one group-commit transaction",
            commit_seconds.clone(),
        );
        registry.register(
            "batch_wait_seconds",
            "Time a record waited for its transaction to begin",
            wait_seconds.clone(),
        );
        Metrics {
            registry,
            stored,
            repeated,
            rejected,
            batch_size,
            commit_seconds,
            wait_seconds,
        }
    }

    /// Counts one refusal.
    pub fn reject(&self, reason: &'static str) {
        self.rejected.get_or_create(&vec![("reason", reason)]).inc();
    }

    /// The OpenMetrics text of every metric.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}
