//! What keeps one client, or many, from stalling the receiver: the rate limit of `POST /consent`
//! per client (an IPv4 address, or an IPv6 /64, since one host holds a whole /64), the number of
//! requests served at once (one more is answered 503 at once rather than queued), and the body
//! timeout ([`super::Options::body_timeout`], applied where the body is read).

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::GovernorError;

/// The client a request counts against: an IPv4 address (an IPv4-mapped IPv6 address is its
/// IPv4 address), or the /64 prefix of an IPv6 address.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(bits))
            }
        },
    }
}

/// The rate limiter's key: [`client_key`] of the peer address.
#[derive(Clone, Copy, Debug)]
pub struct ClientKey;

impl KeyExtractor for ClientKey {
    type Key = IpAddr;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<Self::Key, GovernorError> {
        req.extensions()
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|addr| client_key(addr.ip()))
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

/// `route` limited to `per_second` requests per second per client, with bursts of twice that.
pub fn rate_limited<S: Clone + Send + Sync + 'static>(
    route: MethodRouter<S>,
    per_second: u32,
) -> anyhow::Result<MethodRouter<S>> {
    let mut config = tower_governor::governor::GovernorConfigBuilder::default();
    config
        .period(Duration::from_nanos(1_000_000_000 / u64::from(per_second)))
        .burst_size(per_second.saturating_mul(2));
    let config = config
        .key_extractor(ClientKey)
        .finish()
        .ok_or_else(|| anyhow::anyhow!("invalid rate limit {per_second}"))?;
    let limiter = config.limiter().clone();
    // Forget idle clients once a minute.
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            limiter.retain_recent();
        }
    });
    Ok(route.route_layer(tower_governor::GovernorLayer::new(config)))
}

/// The slots of requests served at once.
#[derive(Clone)]
pub struct Slots(Arc<Semaphore>);

impl Slots {
    /// `n` slots (0: as many as a semaphore holds, no limit in practice).
    pub fn new(n: usize) -> Slots {
        Slots(Arc::new(Semaphore::new(if n == 0 {
            Semaphore::MAX_PERMITS
        } else {
            n
        })))
    }
}

/// Serves the request in a free slot, or answers 503 with `Retry-After` at once.
pub async fn admit(State(slots): State<Slots>, request: Request, next: Next) -> Response {
    let Ok(_slot) = slots.0.try_acquire() else {
        let mut answer = (
            StatusCode::SERVICE_UNAVAILABLE,
            "busy: too many requests at once\n",
        )
            .into_response();
        answer
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return answer;
    };
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(client_key(ip("203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(client_key(ip("::ffff:203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(
            client_key(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")),
            ip("2001:db8:1:2::")
        );
        assert_eq!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:3::1"))
        );
    }
}
