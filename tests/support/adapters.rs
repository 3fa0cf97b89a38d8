//! The adapters a loopback suite runs its cases through, each made the same way: hyper always,
//! isahc and reqwest with their features.

use std::sync::Arc;
use std::time::Duration;

use imagekit::transport::hyper::HyperTransport;
use imagekit::transport::Transport;

/// An adapter a case runs through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Adapter {
    Hyper,
    // Each binary runs the adapters its features have, and some never run isahc.
    #[allow(dead_code)]
    Isahc,
    #[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
    Reqwest,
}

/// Every adapter this build has.
pub(crate) fn every_adapter() -> Vec<Adapter> {
    let mut all = vec![Adapter::Hyper];
    if cfg!(feature = "isahc") {
        all.push(Adapter::Isahc);
    }
    if cfg!(feature = "reqwest") {
        all.push(Adapter::Reqwest);
    }
    all
}

/// `which` with its own defaults (`new()`), reading answers up to `max_response_bytes`, with a
/// timeout of its own when `timeout` is given (otherwise only the client's timeouts, or a drop,
/// end a call).
pub(crate) fn adapter(
    which: Adapter,
    timeout: Option<Duration>,
    max_response_bytes: usize,
) -> Arc<dyn Transport> {
    match which {
        Adapter::Hyper => {
            let hyper = HyperTransport::new().max_response_bytes(max_response_bytes);
            Arc::new(match timeout {
                Some(limit) => hyper.timeout(limit),
                None => hyper,
            })
        }
        #[cfg(feature = "isahc")]
        Adapter::Isahc => {
            let isahc = imagekit::transport::isahc::IsahcTransport::new()
                .unwrap()
                .max_response_bytes(max_response_bytes);
            Arc::new(match timeout {
                Some(limit) => isahc.timeout(limit),
                None => isahc,
            })
        }
        #[cfg(feature = "reqwest")]
        Adapter::Reqwest => {
            let reqwest = imagekit::transport::reqwest::ReqwestTransport::new()
                .unwrap()
                .max_response_bytes(max_response_bytes);
            Arc::new(match timeout {
                Some(limit) => reqwest.timeout(limit),
                None => reqwest,
            })
        }
        #[allow(unreachable_patterns)]
        other => unreachable!("the {other:?} feature is off"),
    }
}
