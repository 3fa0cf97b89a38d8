//! The crate's one error type: refused input ([`InputError`]) and, with the `api` feature, what
//! an API call met (`answer`: an error answer, an unreadable body, a transport failure).

use core::fmt;

use crate::url::InputError;

#[cfg(feature = "api")]
mod answer;
#[cfg(feature = "api")]
use crate::transport::TransportError;
#[cfg(feature = "api")]
pub use answer::{request_id, RateLimit};
#[cfg(feature = "api")]
use answer::{ApiError, DecodeError};

/// Every error of the SDK. Ask it what happened with its methods; it never carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Input(InputError),
    #[cfg(feature = "api")]
    Api(Box<ApiError>),
    #[cfg(feature = "api")]
    Transport(TransportError),
    #[cfg(feature = "api")]
    Decode(Box<DecodeError>),
}

impl Error {
    /// The input problem, when the SDK refused the input before doing anything.
    pub fn input_error(&self) -> Option<&InputError> {
        #[cfg_attr(not(feature = "api"), allow(clippy::infallible_destructuring_match))]
        match &self.kind {
            Kind::Input(e) => Some(e),
            #[cfg(feature = "api")]
            _ => None,
        }
    }

    /// True when the input was refused before any work (no request was made).
    pub fn is_invalid_input(&self) -> bool {
        matches!(self.kind, Kind::Input(_))
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error {
            kind: Kind::Input(e),
        }
    }
}

impl From<Box<InputError>> for Error {
    fn from(e: Box<InputError>) -> Self {
        Error::from(*e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Input(e) => e.fmt(f),
            #[cfg(feature = "api")]
            Kind::Api(e) => e.fmt(f),
            #[cfg(feature = "api")]
            Kind::Transport(e) => e.fmt(f),
            #[cfg(feature = "api")]
            Kind::Decode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            Kind::Input(e) => Some(e),
            #[cfg(feature = "api")]
            Kind::Transport(e) => Some(e),
            #[cfg(feature = "api")]
            Kind::Api(_) | Kind::Decode(_) => None,
        }
    }
}
