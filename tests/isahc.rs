//! The isahc adapter (libcurl): against loopback servers over HTTP and HTTPS, and a selection of
//! the contract tests against Prism. The modules are in tests/isahc/.

/// The private CA, Prism's client and scratch directories (tests/support/).
// The path is what rustc takes anyway; rustfmt needs it to find the files.
#[path = "support"]
mod support {
    pub(crate) mod pki;
    pub(crate) mod prism;
    pub(crate) mod scratch;
}

#[path = "isahc/adapter.rs"]
mod adapter;
#[path = "isahc/contract.rs"]
mod contract;
