//! The rustls crypto provider of the adapters this crate configures itself (hyper's and
//! reqwest's).

/// rustls' ring backend, the one this crate is built with (no C toolchain, no cmake). rustls
/// 0.23.48 deprecates it because ring offers no post-quantum key exchange; that is a known
/// trade of this default, so the deprecation is allowed here, in one place. A client that wants
/// another provider passes its own configuration (or its own reqwest client).
#[allow(deprecated)]
pub(crate) fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}
