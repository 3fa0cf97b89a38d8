//! A request [`Body`] as chunks for the adapters on Tokio (hyper's and reqwest's): a stream is
//! opened when the connection first asks for data and read in 64 KiB chunks on Tokio's blocking
//! pool, a few chunks ahead at most, so a large upload never sits in memory. Also the
//! `Content-Length` both adapters send.

use core::fmt;
use std::error::Error as StdError;
use std::io::{self, Read};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http::header::{HeaderValue, CONTENT_LENGTH};
use http::Method;
use tokio::runtime::Handle;
use tokio::sync::mpsc;

use super::Body;

/// How much of a streamed body is read at a time.
const CHUNK: usize = 64 * 1024;
/// How many chunks may wait between the reading thread and the connection.
const CHANNEL_CHUNKS: usize = 4;

/// Sets `Content-Length` to `len` when it is known, unless the request has one already or is a
/// bodiless method with an empty body (a `GET` sends none).
pub(crate) fn set_content_length(parts: &mut http::request::Parts, len: Option<u64>) {
    let Some(len) = len else { return };
    let bodiless = matches!(
        parts.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::CONNECT
    );
    let wanted = len > 0 || !bodiless;
    if wanted && !parts.headers.contains_key(CONTENT_LENGTH) {
        parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
    }
}

/// The chunks of a streamed body, read on Tokio's blocking pool as they are polled.
pub(crate) enum Chunks {
    /// Not opened yet: opened when first polled, so a request that fails to connect never
    /// reads its source.
    Pending(Body, Handle),
    /// Chunks from the reading thread.
    Running(mpsc::Receiver<Result<Bytes, SourceError>>),
    /// Sent, or failed.
    Done,
}

impl Chunks {
    /// The chunks of `body`, to be read on the runtime of `handle`.
    pub(crate) fn new(body: Body, handle: Handle) -> Self {
        Chunks::Pending(body, handle)
    }

    /// The next chunk (`None` at the end, and after an error).
    pub(crate) fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, SourceError>>> {
        if let Chunks::Pending(..) = self {
            if let Chunks::Pending(body, handle) = std::mem::replace(self, Chunks::Done) {
                let (tx, rx) = mpsc::channel(CHANNEL_CHUNKS);
                // Dropping the JoinHandle detaches the task; it ends at the end of the source or
                // as soon as the request is dropped (the channel closes).
                drop(handle.spawn_blocking(move || pump(&body, &tx)));
                *self = Chunks::Running(rx);
            }
        }
        let Chunks::Running(rx) = self else {
            return Poll::Ready(None);
        };
        let next = std::task::ready!(rx.poll_recv(cx));
        if !matches!(next, Some(Ok(_))) {
            *self = Chunks::Done;
        }
        Poll::Ready(next)
    }

    /// True once the body is sent (or failed).
    #[cfg(feature = "hyper")]
    pub(crate) fn is_done(&self) -> bool {
        matches!(self, Chunks::Done)
    }
}

/// Reads `body` from its start in chunks into `tx` (on the blocking pool), until its end, a
/// read error, or the request is dropped. Checks the source gives exactly its length.
fn pump(body: &Body, tx: &mpsc::Sender<Result<Bytes, SourceError>>) {
    // A request dropped before this task ran leaves its source unopened: a one-shot source
    // stays for the attempt that may follow.
    if tx.is_closed() {
        return;
    }
    let len = body.len();
    let mut reader = match body.reader() {
        Ok(reader) => reader,
        Err(e) => {
            let _ = tx.blocking_send(Err(SourceError::new("could not open the request body", e)));
            return;
        }
    };
    let mut total: u64 = 0;
    loop {
        let mut chunk = BytesMut::zeroed(CHUNK);
        let mut filled = 0;
        let mut end = false;
        while filled < CHUNK {
            match reader.read(&mut chunk[filled..]) {
                Ok(0) => {
                    end = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let _ = tx
                        .blocking_send(Err(SourceError::new("could not read the request body", e)));
                    return;
                }
            }
        }
        total += filled as u64;
        let wrong_length = match len {
            Some(len) if total > len => Some(format!("gave more than its length {len}")),
            Some(len) if end && total < len => {
                Some(format!("ended after {total} of its {len} bytes"))
            }
            _ => None,
        };
        if let Some(what) = wrong_length {
            let e = io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the body source {what}"),
            );
            let _ = tx.blocking_send(Err(SourceError::new("could not read the request body", e)));
            return;
        }
        if filled > 0 {
            chunk.truncate(filled);
            if tx.blocking_send(Ok(chunk.freeze())).is_err() {
                return; // The request was dropped.
            }
        }
        if end {
            return;
        }
    }
}

/// A failure to open or read a streamed request body: a local failure, not the connection's.
#[derive(Debug)]
pub(crate) struct SourceError {
    what: &'static str,
    source: io::Error,
}

impl SourceError {
    pub(crate) fn new(what: &'static str, source: io::Error) -> Self {
        SourceError { what, source }
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.source)
    }
}

impl StdError for SourceError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_length_is_set_when_known_and_not_for_an_empty_get() {
        let parts = |request: http::Request<()>, len| {
            let (mut parts, ()) = request.into_parts();
            set_content_length(&mut parts, len);
            parts.headers.get(CONTENT_LENGTH).cloned()
        };
        let post = http::Request::post("http://h/").body(()).unwrap();
        assert_eq!(parts(post, Some(3)).unwrap(), "3");
        let get = http::Request::get("http://h/").body(()).unwrap();
        assert_eq!(parts(get, Some(0)), None);
        let unknown = http::Request::post("http://h/").body(()).unwrap();
        assert_eq!(parts(unknown, None), None);
        let set = http::Request::put("http://h/")
            .header(CONTENT_LENGTH, "3")
            .body(())
            .unwrap();
        assert_eq!(parts(set, Some(3)).unwrap(), "3");
    }
}
