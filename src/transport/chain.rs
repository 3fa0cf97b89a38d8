//! Reading an HTTP stack's error chain, for the adapters over hyper (hyper's own and
//! reqwest's): the first error of a type in it, the [`TransportErrorKind`] hyper's errors tell,
//! and an error that shows the whole chain in one line.

use core::fmt;
use std::error::Error as StdError;
use std::io;

use super::streamed::SourceError;
use super::TransportErrorKind;

/// The kind of a failure to send a request through hyper (its client's or reqwest's): the body
/// source or TLS failing is `Other` (trying again would not help: an untrusted certificate, no
/// common protocol), then a connect failure (`is_connect`), then the stack's own reading of it
/// (`stack_kind`), else what [`hyper_kind`] reads in the chain.
pub(crate) fn send_kind(
    e: &(dyn StdError + 'static),
    is_connect: bool,
    stack_kind: Option<TransportErrorKind>,
) -> TransportErrorKind {
    if find::<SourceError>(e).is_some() || find::<rustls::Error>(e).is_some() {
        TransportErrorKind::Other
    } else if is_connect {
        TransportErrorKind::Connect
    } else {
        stack_kind.unwrap_or_else(|| hyper_kind(e))
    }
}

/// The kind of a failure after connecting, from the hyper error (and I/O error) in its chain.
pub(crate) fn hyper_kind(e: &(dyn StdError + 'static)) -> TransportErrorKind {
    if let Some(h) = find::<::hyper::Error>(e) {
        if h.is_timeout() {
            return TransportErrorKind::Timeout;
        }
        if h.is_incomplete_message()
            || h.is_closed()
            || h.is_canceled()
            || h.is_body_write_aborted()
        {
            return TransportErrorKind::Io;
        }
        if h.is_parse() || h.is_user() {
            return TransportErrorKind::Other;
        }
    }
    if find::<io::Error>(e).is_some() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    }
}

/// The first error of type `T` in the chain of `e`, looking inside `io::Error`s too (whose
/// `source` skips the error they wrap).
pub(crate) fn find<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut next = Some(e);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        next = cause(e);
    }
    None
}

/// What `e` wraps: the error inside an `io::Error`, or its source.
fn cause<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a (dyn StdError + 'static)> {
    match e.downcast_ref::<io::Error>().and_then(io::Error::get_ref) {
        Some(inner) => Some(inner as &(dyn StdError + 'static)),
        None => e.source(),
    }
}

/// An error that shows its whole chain in one line (hyper's errors say little alone), and keeps
/// the original as its source. Built from the stack's errors only: no request header is in it.
pub(crate) struct ChainError {
    message: String,
    source: Box<dyn StdError + Send + Sync>,
}

impl ChainError {
    pub(crate) fn new(e: impl StdError + Send + Sync + 'static) -> Self {
        let mut message = e.to_string();
        let mut next = e.source();
        while let Some(error) = next {
            let text = error.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            next = cause(error);
        }
        ChainError {
            message,
            source: Box::new(e),
        }
    }
}

impl fmt::Debug for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ChainError").field(&self.message).finish()
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for ChainError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Marker;

    impl fmt::Display for Marker {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("disk gone")
        }
    }

    impl StdError for Marker {}

    #[test]
    fn find_looks_inside_io_errors() {
        let outer = io::Error::other(io::Error::new(io::ErrorKind::InvalidData, Marker));
        assert!(find::<Marker>(&outer).is_some());
        let chain = ChainError::new(outer);
        assert_eq!(chain.to_string(), "disk gone");
        assert_eq!(hyper_kind(&chain), TransportErrorKind::Io);
    }
}
