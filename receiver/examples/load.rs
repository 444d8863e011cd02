//! Load generator for the receiver (used by `bench/receiver-load.sh`; a benchmark, not a test).
//!
//! `CONCURRENCY` workers, each with its own keep-alive connection, POST valid consent records
//! with unique record ids to `URL` as fast as they are answered, for a warm-up (not counted) and
//! then `DURATION` seconds. Prints records stored per second and the latency percentiles of
//! the measured requests, then a machine-readable `RESULT key=value…` line.
//!
//! `cargo run --release -p kelisim-receiver --example load -- --url http://127.0.0.1:8787/consent`

use clap::Parser;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Loads a kelisim receiver with unique consent records.
#[derive(Parser)]
struct Args {
    /// The receiver's records endpoint (loopback only).
    #[arg(long, default_value = "http://127.0.0.1:8787/consent")]
    url: String,
    /// Seconds measured.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Seconds of warm-up before, not counted.
    #[arg(long, default_value_t = 1)]
    warmup: u64,
    /// Concurrent requests (one connection each).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
}

const TEMPLATE: &str = r#"{"record_id":"@ID@","consent_id":"@ID@","previous_record_id":null,"event":"given","action":"accept-all","screen":"banner","client_time":"@TIME@","revision":3,"policy_version":"2025-06-01","language":"kk","texts_sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","categories":{"necessary":true,"preferences":true,"analytics":true,"marketing":false},"services":{"ga":true,"yandex-metrika":true,"meta-pixel":false},"operator_bin":"240740012077","third_parties":true,"third_party_providers":["Google LLC","Yandex LLC","Meta Platforms"],"cross_border":true,"cross_border_countries":["DE","NL","US"],"published":false,"expires":"2027-02-28T10:00:00Z","page_url":"https://example.kz/kk/about","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36","gpc":false,"kelisim_version":"0.1.0"}"#;

struct Sample {
    micros: u64,
    ok: bool,
}

async fn worker(
    url: Arc<str>,
    run: u32,
    next: Arc<AtomicU64>,
    until: Instant,
) -> anyhow::Result<Vec<Sample>> {
    // One client per worker: one keep-alive connection each.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()?;
    let mut samples = Vec::with_capacity(16_384);
    while Instant::now() < until {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let id = format!(
            "{run:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            (n >> 60) & 0xffff,
            (n >> 48) & 0xfff,
            (n >> 36) & 0xfff,
            n & 0xffff_ffff_ffff
        );
        // Now: the receiver refuses a client_time more than a day off its clock.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let body = TEMPLATE
            .replace("@ID@", &id)
            .replace("@TIME@", &kelisim::time::DateTime::from_unix(now).rfc3339());
        let started = Instant::now();
        let ok = match client
            .post(&*url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
        {
            Ok(r) => {
                let status = r.status().as_u16();
                let _ = r.bytes().await;
                status == 201
            }
            Err(_) => false,
        };
        samples.push(Sample {
            micros: started.elapsed().as_micros() as u64,
            ok,
        });
    }
    Ok(samples)
}

async fn phase(args: &Args, run: u32, next: &Arc<AtomicU64>, seconds: u64) -> Vec<Sample> {
    let url: Arc<str> = args.url.as_str().into();
    let until = Instant::now() + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..args.concurrency)
        .map(|_| tokio::spawn(worker(url.clone(), run, next.clone(), until)))
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        match t.await {
            Ok(Ok(s)) => all.extend(s),
            Ok(Err(e)) => eprintln!("worker failed: {e:#}"),
            Err(e) => eprintln!("worker panicked: {e}"),
        }
    }
    all
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64 / 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let host = args
        .url
        .split("://")
        .nth(1)
        .unwrap_or_default()
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    if !matches!(host, "127.0.0.1" | "localhost" | "[") {
        anyhow::bail!("{}: the load generator only targets loopback", args.url);
    }
    let run = SystemTime::now().duration_since(UNIX_EPOCH)?.subsec_nanos() ^ std::process::id();
    let next = Arc::new(AtomicU64::new(0));
    if args.warmup > 0 {
        phase(&args, run, &next, args.warmup).await;
    }
    let started = Instant::now();
    let samples = phase(&args, run, &next, args.duration).await;
    let elapsed = started.elapsed().as_secs_f64();
    let stored = samples.iter().filter(|s| s.ok).count();
    let errors = samples.len() - stored;
    let mut micros: Vec<u64> = samples.iter().map(|s| s.micros).collect();
    micros.sort_unstable();
    let (p50, p99, max) = (
        percentile(&micros, 0.50),
        percentile(&micros, 0.99),
        percentile(&micros, 1.0),
    );
    let rps = stored as f64 / elapsed;
    println!(
        "{stored} records stored in {elapsed:.1} s with {} concurrent requests: {rps:.0} records/s, \
         latency p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms, {errors} errors",
        args.concurrency
    );
    println!(
        "RESULT records={stored} seconds={elapsed:.2} rps={rps:.0} p50_ms={p50:.2} p99_ms={p99:.2} \
         max_ms={max:.2} errors={errors} concurrency={}",
        args.concurrency
    );
    Ok(())
}
