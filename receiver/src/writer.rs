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
    /// PostgreSQL: transactions in flight at once (the next one waits for the chain lock while
    /// the current one commits). SQLite always has one.
    pub in_flight: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            max_batch: 256,
            max_wait: Duration::ZERO,
            in_flight: 2,
        }
    }
}

/// The smallest batch sent while another transaction is in flight.
const PIPELINE_MIN: usize = 8;

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
    /// Starts the writer on a thread of its own (a current-thread runtime with its own
    /// connections to `store`'s database), so that its round trips to the database do not queue
    /// behind the requests' work on the server's runtime. The handle ends when every [`Writer`]
    /// clone is dropped and the queue is stored.
    pub fn start(
        store: Arc<Store>,
        options: BatchOptions,
        metrics: Arc<Metrics>,
    ) -> (Writer, tokio::task::JoinHandle<()>) {
        let max_batch = options.max_batch.max(1);
        let (tx, rx) = mpsc::channel(max_batch * 64);
        let (done_tx, done_rx) = oneshot::channel::<()>();
        let url = store.url().to_owned();
        // Two transactions in flight on PostgreSQL (by default): the next one takes the chain
        // lock as soon as the current one commits, without a round trip in between. SQLite has
        // one writer.
        let in_flight = match store.backend() {
            crate::store::Backend::Postgres => options.in_flight.max(1),
            crate::store::Backend::Sqlite => 1,
        };
        let spawned = std::thread::Builder::new()
            .name("kelisim-writer".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime for the writer");
                runtime.block_on(run(
                    url,
                    store,
                    max_batch,
                    options.max_wait,
                    in_flight,
                    metrics,
                    rx,
                ));
                let _ = done_tx.send(());
            });
        if let Err(e) = spawned {
            panic!("cannot start the writer thread: {e}");
        }
        let task = tokio::spawn(async move {
            let _ = done_rx.await;
        });
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
    url: String,
    fallback: Arc<Store>,
    max_batch: usize,
    max_wait: Duration,
    in_flight: usize,
    metrics: Arc<Metrics>,
    mut rx: mpsc::Receiver<Job>,
) {
    // Connections of this runtime; the server's store until they open (the database may be
    // down at start: the writer tries again with each batch).
    let mut own: Option<Arc<Store>> = None;
    let permits = Arc::new(tokio::sync::Semaphore::new(in_flight));
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        let Some(first) = rx.recv().await else {
            break;
        };
        let mut batch: Vec<Job> = Vec::with_capacity(max_batch);
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
        // A second transaction in flight only pays off with a large batch: a small one waits for
        // the transaction in flight to commit and takes what queued meanwhile (at low load
        // nothing is in flight, and a record is stored at once).
        if in_flight > 1 && batch.len() < PIPELINE_MIN {
            if let Ok(others) = permits
                .clone()
                .acquire_many_owned(in_flight as u32 - 1)
                .await
            {
                while batch.len() < max_batch {
                    match rx.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                drop(others);
            }
        }
        if own.is_none() {
            own = Store::open_writer(&url).await.ok().map(Arc::new);
            if let Some(store) = &own {
                if store.backend() == crate::store::Backend::Sqlite {
                    // Background checkpoints, twice a second, while the writer runs.
                    let store = store.clone();
                    tasks.spawn(async move {
                        loop {
                            tokio::time::sleep(Duration::from_millis(500)).await;
                            if Arc::strong_count(&store) == 1 {
                                let _ = store.checkpoint().await;
                                return;
                            }
                            let _ = store.checkpoint().await;
                        }
                    });
                }
            }
        }
        let store = own.clone().unwrap_or_else(|| fallback.clone());
        let metrics = metrics.clone();
        tasks.spawn(async move {
            commit(&store, batch, &metrics).await;
            drop(permit);
        });
        // Reap finished transactions.
        while tasks.try_join_next().is_some() {}
    }
    // The checkpointer ends once it holds the last reference to the store.
    drop(own);
    while tasks.join_next().await.is_some() {}
}

/// Whether the error is the database refusing a statement (rather than a lost connection).
fn refused_by_database(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<sqlx::Error>(),
            Some(sqlx::Error::Database(_))
        )
    })
}

async fn commit(store: &Store, mut batch: Vec<Job>, metrics: &Metrics) {
    let started = Instant::now();
    for job in &batch {
        metrics
            .wait_seconds
            .observe(started.duration_since(job.queued).as_secs_f64());
    }
    let records: Vec<NewRecord> = batch.iter().map(|j| j.record.clone()).collect();
    let result = store.append_batch(&records).await;
    // The database refused the batch (not: could not be reached): one record may be at fault,
    // so store them one by one rather than fail the others with it.
    if batch.len() > 1 && result.as_ref().is_err_and(refused_by_database) {
        let mut each = Vec::with_capacity(records.len());
        for record in &records {
            each.push(
                store
                    .append_batch(std::slice::from_ref(record))
                    .await
                    .map(|mut r| r.remove(0))
                    .map_err(|e| format!("{e:#}")),
            );
        }
        metrics
            .commit_seconds
            .observe(started.elapsed().as_secs_f64());
        metrics.batch_size.observe(batch.len() as f64);
        for (job, r) in batch.drain(..).zip(each) {
            let _ = job.reply.send(r);
        }
        return;
    }
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
