//! The API without async, for scripts, command lines and other synchronous programs: a
//! [`blocking::ImageKit`](ImageKit) runs each call on a runtime of its own (one background
//! thread for all its clones), so there is no runtime to set up, as with reqwest's `blocking`.
//!
//! It has the async client's named methods (`get_file_details`, `upload`, `purge_file_cache`…,
//! each declared once for both), [`ImageKit::send`] for any operation value
//! (`imagekit::api::…`), and the calls that are more than one request (every page of a listing,
//! waiting for a purge or a job).
//!
//! ```no_run
//! use imagekit::api::files::{GetFileDetails, ListFiles};
//!
//! let ik = imagekit::blocking::ImageKit::new(
//!     imagekit::ImageKit::new("https://ik.imagekit.io/your_imagekit_id")?
//!         .with_private_key("private_key_..."),
//! )?;
//! let file = ik.get_file_details(&GetFileDetails::new("file_id"))?;
//! println!("{}", file.file_path);
//! for asset in ik.list_all_files(ListFiles::new().path("/products/")) {
//!     println!("{:?}", asset?);
//! }
//! # Ok::<(), imagekit::Error>(())
//! ```

use core::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::api::cache::PurgeFileCacheStatus;
use crate::api::files::ListFiles;
use crate::api::folders::JobStatus;
use crate::api::{Asset, Operation, Outcome};
use crate::error::Error;
use crate::transport::TransportError;
use crate::{FileStream, Polling};

/// A client whose calls block the calling thread until they are done. Cheap to clone (the
/// clones share the runtime). Not for use inside async code: there, a call fails with an error
/// saying so (use [`crate::ImageKit`]).
#[derive(Clone)]
pub struct ImageKit {
    client: crate::ImageKit,
    runtime: Arc<Background>,
}

impl fmt::Debug for ImageKit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::ImageKit")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// The runtime the calls run on, shut down without waiting when the last clone goes (a runtime
/// dropped the usual way would block, which panics inside async code).
struct Background(Option<tokio::runtime::Runtime>);

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl ImageKit {
    /// Runs `client`'s calls, blocking; starts the one background thread they run on.
    pub fn new(client: crate::ImageKit) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("imagekit-blocking")
            .enable_all()
            .build()
            .map_err(|e| TransportError::other(format!("cannot start the runtime: {e}")))?;
        Ok(ImageKit {
            client,
            runtime: Arc::new(Background(Some(runtime))),
        })
    }

    /// The async client underneath (its settings, URLs and signing helpers, which never block).
    pub fn client(&self) -> &crate::ImageKit {
        &self.client
    }

    /// Runs `op` (any operation of `imagekit::api`, e.g. `ListFiles`, `UploadFile`) as
    /// [`crate::ImageKit::send`] does, and waits for its answer.
    pub fn send<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        self.block_on(self.client.send(op))?
    }

    /// Every file and folder `list` matches, a page at a time as the iterator is read (see
    /// [`crate::ImageKit::list_all_files`]).
    pub fn list_all_files(&self, list: ListFiles) -> Files {
        Files {
            stream: self.client.list_all_files(list),
            client: self.clone(),
            done: false,
        }
    }

    /// As [`crate::ImageKit::wait_for_purge`].
    pub fn wait_for_purge(
        &self,
        request_id: &str,
        polling: Polling,
    ) -> Result<PurgeFileCacheStatus, Error> {
        self.block_on(self.client.wait_for_purge(request_id, polling))?
    }

    /// As [`crate::ImageKit::wait_for_bulk_job`].
    pub fn wait_for_bulk_job(
        &self,
        job_id: &str,
        polling: Polling,
    ) -> Result<Outcome<JobStatus>, Error> {
        self.block_on(self.client.wait_for_bulk_job(job_id, polling))?
    }

    /// Runs `future` to its end on the background runtime; an error inside async code, where
    /// blocking the thread would stall (or panic) the caller's runtime.
    fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(TransportError::other(
                "the blocking client cannot run inside async code: use imagekit::ImageKit there",
            )
            .into());
        }
        let runtime = self.runtime.0.as_ref().expect("set until dropped");
        Ok(runtime.block_on(future))
    }
}

/// The files and folders of a listing, fetched a page at a time as the iterator is read; ends
/// after an error. Made by [`ImageKit::list_all_files`].
#[must_use = "an iterator does nothing until it is read"]
#[derive(Debug)]
pub struct Files {
    stream: FileStream,
    client: ImageKit,
    /// Set once a call could not run (inside async code): the iterator ends after saying so.
    done: bool,
}

impl Files {
    /// How many items to ask for per request (see [`FileStream::page_size`]).
    pub fn page_size(mut self, size: u32) -> Self {
        self.stream = self.stream.page_size(size);
        self
    }

    /// Ends after this many items in all.
    pub fn max_items(mut self, max: u64) -> Self {
        self.stream = self.stream.max_items(max);
        self
    }
}

impl Iterator for Files {
    type Item = Result<Asset, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.client.block_on(self.stream.next()) {
            Ok(item) => item,
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
