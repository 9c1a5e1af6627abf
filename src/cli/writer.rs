//! Writes a batch's PDFs on a thread of its own, so the rendering threads never wait on the disk.
//!
//! Each PDF is written atomically and flushed to the disk (`fsync`) before it takes its name, and
//! the flush waits on the device: about a millisecond a file here, during which a rendering
//! thread that wrote its own PDF would leave its core idle. A batch of one has nothing to
//! render meanwhile: its worker writes the PDF itself.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::input::Failure;
use super::write_output;

/// PDFs waiting to be written at most; a rendering thread that finds the queue full waits, so a
/// slow disk cannot make the queue grow without bound.
const QUEUE: usize = 4;

/// One PDF to write, and the batch's index of the file it was rendered from.
struct Job {
    index: usize,
    path: PathBuf,
    bytes: Vec<u8>,
}

/// The sending side: rendering threads hand their PDFs to [`Writer::write`].
pub struct Writer {
    jobs: SyncSender<Job>,
}

/// The writing side: run by one thread until every [`Writer`] is dropped.
pub struct Queue {
    jobs: Receiver<Job>,
}

/// The failure of a PDF that was not written because the writing thread stopped early.
pub fn stopped(path: &Path) -> Failure {
    Failure::new(format!(
        "failed to write {} (the writing thread stopped)",
        path.display()
    ))
}

/// Returns a connected writer and queue.
pub fn channel() -> (Writer, Queue) {
    let (jobs, queued) = sync_channel(QUEUE);
    (Writer { jobs }, Queue { jobs: queued })
}

impl Writer {
    /// Queues `bytes` to be written to `path` for the batch's file `index`.
    ///
    /// # Errors
    /// Fails when the writing thread is gone (it stopped early); nothing was written.
    pub fn write(&self, index: usize, path: PathBuf, bytes: Vec<u8>) -> Result<(), Failure> {
        self.jobs
            .send(Job { index, path, bytes })
            .map_err(|err| stopped(&err.0.path))
    }
}

impl Queue {
    /// Writes every queued PDF in turn and returns each write's outcome by the file's index.
    pub fn run(self) -> Vec<(usize, Result<(), Failure>)> {
        self.jobs
            .into_iter()
            .map(|job| (job.index, write_output(&job.path, &job.bytes)))
            .collect()
    }
}
