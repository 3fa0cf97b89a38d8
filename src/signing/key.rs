//! The private key, keyed once, and the clock signing reads.

use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// The expiry of a signed URL that never expires.
pub(crate) const NEVER: u64 = 9_999_999_999;

/// The private key with its HMAC-SHA1 state keyed once: `Hmac<Sha1>` keeps the hash states after
/// the inner and outer padded key blocks, so a signature clones that state and costs only the
/// compression of the message and of one outer block. `Debug` never shows the key.
#[derive(Clone)]
pub(crate) struct PrivateKey {
    #[cfg(feature = "helpers")]
    key: String,
    mac: Hmac<Sha1>,
}

impl PrivateKey {
    pub(crate) fn new(key: &str) -> Self {
        PrivateKey {
            #[cfg(feature = "helpers")]
            key: key.to_string(),
            // HMAC takes a key of any length.
            mac: Hmac::new_from_slice(key.as_bytes())
                .unwrap_or_else(|_| unreachable!("HMAC accepts any key length")),
        }
    }

    /// Lower-case hex HMAC-SHA1 (RFC 2104) of the concatenation of `parts`.
    pub(crate) fn sha1_hex(&self, parts: &[&[u8]]) -> [u8; 40] {
        let mut mac = self.mac.clone();
        for part in parts {
            mac.update(part);
        }
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = [0u8; 40];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(mac.finalize().into_bytes()) {
            pair[0] = HEX[usize::from(byte >> 4)];
            pair[1] = HEX[usize::from(byte & 15)];
        }
        hex
    }

    /// The key itself, for the HMACs that are not SHA-1 (the upload JWT) and Basic auth.
    #[cfg(feature = "helpers")]
    pub(crate) fn as_str(&self) -> &str {
        &self.key
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_2202_vectors_whole_and_split() {
        let long_key = "\u{aa}".repeat(80);
        let cases: [(&str, &[u8], &str); 3] = [
            (
                "Jefe",
                b"what do ya want for nothing?",
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            ),
            // A key over one block is hashed first (RFC 2202 case 6 with this key's UTF-8
            // bytes; value from Python's hmac module).
            (
                &long_key,
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "06327c7c1e7e27f010f8ef9c6fd5ea15ab16848a",
            ),
            ("", b"", "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d"),
        ];
        for (key, message, want) in cases {
            let key = PrivateKey::new(key);
            assert_eq!(&key.sha1_hex(&[message]), want.as_bytes());
            let (a, b) = message.split_at(message.len() / 3);
            assert_eq!(&key.sha1_hex(&[a, b]), want.as_bytes());
        }
    }

    #[test]
    fn the_signed_url_check_value() {
        let key = PrivateKey::new("private_key_test");
        assert_eq!(
            &key.sha1_hex(&[b"tr:w-100/a.jpg9999999999"]),
            b"8a4d81e190528110e6835304625acb9df2fa38a0"
        );
        assert_eq!(format!("{key:?}"), "PrivateKey(<redacted>)");
    }
}
