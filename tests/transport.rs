//! The transports and the client's send loop: the adapters on Tokio (hyper's; reqwest's with
//! its feature) against loopback servers, the fake transport with recording and replay, the
//! retry policy over real HTTP, the send loop with a scripted transport, and the blocking
//! client (with its feature). The modules are in tests/transport/.

/// The adapters, the loopback server, the private CA and the test operation (tests/support/).
// The path is what rustc takes anyway; rustfmt needs it to find the files.
#[path = "support"]
mod support {
    pub(crate) mod adapters;
    pub(crate) mod op;
    pub(crate) mod pki;
    pub(crate) mod server;
}

#[path = "transport/adapters.rs"]
mod adapters;
#[cfg(feature = "blocking")]
#[path = "transport/blocking.rs"]
mod blocking;
#[path = "transport/fake.rs"]
mod fake;
#[path = "transport/retry_loopback.rs"]
mod retry_loopback;
#[path = "transport/send.rs"]
mod send;
