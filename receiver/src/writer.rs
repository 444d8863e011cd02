//! Group commit: one writer task per receiver extends the chain; requests hand it their record
//! through a channel and wait for the transaction holding it to commit.
//!
//! The writer takes the first record waiting, then every record already queued (up to
//! `max_batch`), optionally waits up to `max_wait` for more, and stores them all in one
//! transaction ([`Store::append_batch`]): one fsync for the batch. Each request is answered only
//! after that commit, so a 2xx still means durable; if the transaction fails, every request of
//! the batch gets the error (500, and the client sends the record again). While a transaction
//! commits, new records queue up and form the next batch: at low load a batch is one record and
//! nothing waits (`max_wait` 0 by default), under load batches grow by themselves.
//!
//! When every sender is gone (the server has stopped and finished its in-flight requests), the
//! writer stores what is queued and ends: shutdown never drops an answered record.

use crate::metrics::Metrics;
use crate::store::{BatchResult, NewRecord, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Bounds of a batch.
#[derive(Clone, Copy, Debug)]
pub struct BatchOptions {
    /// At most this many records in one transaction.
    pub max_batch: usize,
    /// How long the writer may wait for more records once it has one (0: never waits; a batch
    /// is what queued while the previous transaction committed).
    pub max_wait: Duration,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            max_batch: 256,
            max_wait: Duration::ZERO,
        }
    }
}

struct Job {
    record: NewRecord,
    queued: Instant,
    reply: oneshot::Sender<Result<BatchResult, String>>,
}

/// The requests' side of the writer.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task on `store`; the handle ends when every [`Writer`] clone is dropped
    /// and the queue is stored.
    pub fn start(
        store: Arc<Store>,
        options: BatchOptions,
        metrics: Arc<Metrics>,
    ) -> (Writer, tokio::task::JoinHandle<()>) {
        let max_batch = options.max_batch.max(1);
        let (tx, rx) = mpsc::channel(max_batch * 64);
        let task = tokio::spawn(run(store, max_batch, options.max_wait, metrics, rx));
        (Writer { tx }, task)
    }

    /// Stores `record` with the next batch; answers once that batch has committed.
    pub async fn append(&self, record: NewRecord) -> Result<BatchResult, String> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            record,
            queued: Instant::now(),
            reply,
        };
        self.tx
            .send(job)
            .await
            .map_err(|_| "the receiver is shutting down".to_owned())?;
        answer
            .await
            .map_err(|_| "the writer stopped before storing the record".to_owned())?
    }
}

async fn run(
    store: Arc<Store>,
    max_batch: usize,
    max_wait: Duration,
    metrics: Arc<Metrics>,
    mut rx: mpsc::Receiver<Job>,
) {
    let mut batch: Vec<Job> = Vec::with_capacity(max_batch);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        let deadline = tokio::time::Instant::now() + max_wait;
        while batch.len() < max_batch {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(mpsc::error::TryRecvError::Disconnected) => break,
                Err(mpsc::error::TryRecvError::Empty) => {
                    if max_wait.is_zero() {
                        break;
                    }
                    match tokio::time::timeout_at(deadline, rx.recv()).await {
                        Ok(Some(job)) => batch.push(job),
                        _ => break,
                    }
                }
            }
        }
        let started = Instant::now();
        for job in &batch {
            metrics
                .wait_seconds
                .observe(started.duration_since(job.queued).as_secs_f64());
        }
        let records: Vec<NewRecord> = batch.iter().map(|j| j.record.clone()).collect();
        let result = store.append_batch(&records).await;
        metrics
            .commit_seconds
            .observe(started.elapsed().as_secs_f64());
        metrics.batch_size.observe(batch.len() as f64);
        match result {
            Ok(results) => {
                for (job, r) in batch.drain(..).zip(results) {
                    let _ = job.reply.send(Ok(r));
                }
            }
            Err(e) => {
                let message = format!("{e:#}");
                for job in batch.drain(..) {
                    let _ = job.reply.send(Err(message.clone()));
                }
            }
        }
    }
}
