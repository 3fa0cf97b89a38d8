//! The private key, keyed once, and the clock signing reads.

use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// The expiry of a signed URL that never expires.
pub(crate) const NEVER: u64 = 9_999_999_999;

/// The private key with its HMAC-SHA1 state precomputed (the inner and outer padded keys), so a
/// signature costs only the hashing of the message. `Debug` never shows the key.
#[derive(Clone)]
pub(crate) struct PrivateKey {
    key: String,
    sha1: Hmac<Sha1>,
}

impl PrivateKey {
    pub(crate) fn new(key: &str) -> Self {
        PrivateKey {
            key: key.to_string(),
            // HMAC takes a key of any length, so this cannot fail.
            sha1: Hmac::new_from_slice(key.as_bytes()).unwrap_or_else(|_| unreachable!()),
        }
    }

    /// Lower-case hex HMAC-SHA1 of the concatenation of `parts`.
    pub(crate) fn sha1_hex(&self, parts: &[&[u8]]) -> [u8; 40] {
        let mut mac = self.sha1.clone();
        for part in parts {
            mac.update(part);
        }
        let mut hex = [0u8; 40];
        // 20 bytes always fit 40 hex digits.
        let _ = hex::encode_to_slice(mac.finalize().into_bytes(), &mut hex);
        hex
    }

    /// The key's bytes, for the HMACs that are not SHA-1 (the upload JWT).
    pub(crate) fn expose(&self) -> &[u8] {
        self.key.as_bytes()
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

/// Where signing reads the time: the system clock by default, a fixed one in tests.
///
/// ```
/// use imagekit::{Clock, ImageKit};
/// let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap().with_clock(|| 1_700_000_000);
/// assert_eq!((|| 1_700_000_000u64).now_unix(), 1_700_000_000);
/// ```
pub trait Clock: Send + Sync {
    /// Whole seconds since the unix epoch.
    fn now_unix(&self) -> u64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}

impl<F: Fn() -> u64 + Send + Sync> Clock for F {
    fn now_unix(&self) -> u64 {
        self()
    }
}
