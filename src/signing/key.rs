//! The private key, keyed once, and the clock signing reads.

use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use sha1::digest::generic_array::GenericArray;
use sha1::{Digest, Sha1};

/// The expiry of a signed URL that never expires.
pub(crate) const NEVER: u64 = 9_999_999_999;

/// The private key with its HMAC-SHA1 state precomputed: the SHA-1 states after the inner and
/// outer padded key blocks, so a signature costs only the compression of the message and of one
/// outer block. `Debug` never shows the key.
#[derive(Clone)]
pub(crate) struct PrivateKey {
    key: String,
    inner: [u32; 5],
    outer: [u32; 5],
}

const SHA1_IV: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

fn compress(state: &mut [u32; 5], block: &[u8; 64]) {
    sha1::compress(
        state,
        core::slice::from_ref(GenericArray::from_slice(block)),
    );
}

fn digest_bytes(state: &[u32; 5]) -> [u8; 20] {
    let mut out = [0u8; 20];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// SHA-1 of a message that follows one already compressed 64-byte block (the padded key).
fn finish(mut state: [u32; 5], parts: &[&[u8]]) -> [u8; 20] {
    let mut block = [0u8; 64];
    let mut fill = 0;
    let mut total: u64 = 64;
    for part in parts {
        total += part.len() as u64;
        let mut rest = *part;
        while !rest.is_empty() {
            let n = rest.len().min(64 - fill);
            block[fill..fill + n].copy_from_slice(&rest[..n]);
            fill += n;
            rest = &rest[n..];
            if fill == 64 {
                compress(&mut state, &block);
                fill = 0;
            }
        }
    }
    block[fill] = 0x80;
    block[fill + 1..].fill(0);
    if fill >= 56 {
        compress(&mut state, &block);
        block = [0u8; 64];
    }
    block[56..].copy_from_slice(&(total * 8).to_be_bytes());
    compress(&mut state, &block);
    digest_bytes(&state)
}

impl PrivateKey {
    pub(crate) fn new(key: &str) -> Self {
        let mut padded = [0u8; 64];
        if key.len() > 64 {
            padded[..20].copy_from_slice(&Sha1::digest(key.as_bytes()));
        } else {
            padded[..key.len()].copy_from_slice(key.as_bytes());
        }
        let mut inner = SHA1_IV;
        let mut outer = SHA1_IV;
        compress(&mut inner, &padded.map(|b| b ^ 0x36));
        compress(&mut outer, &padded.map(|b| b ^ 0x5c));
        PrivateKey {
            key: key.to_string(),
            inner,
            outer,
        }
    }

    /// Lower-case hex HMAC-SHA1 (RFC 2104) of the concatenation of `parts`.
    pub(crate) fn sha1_hex(&self, parts: &[&[u8]]) -> [u8; 40] {
        let inner = finish(self.inner, parts);
        let mac = finish(self.outer, &[&inner]);
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = [0u8; 40];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(mac) {
            pair[0] = HEX[usize::from(byte >> 4)];
            pair[1] = HEX[usize::from(byte & 15)];
        }
        hex
    }

    /// The key itself, for the HMACs that are not SHA-1 (the upload JWT) and Basic auth.
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
    use hmac::{Hmac, Mac};

    #[test]
    fn hmac_sha1_matches_the_hmac_crate_for_every_length_and_split() {
        let message: Vec<u8> = (0..200u8).map(|i| i.wrapping_mul(31)).collect();
        let long_key = "k".repeat(65);
        for key in ["private_key_test", "", long_key.as_str(), &"x".repeat(64)] {
            let ours = PrivateKey::new(key);
            for len in 0..message.len() {
                let msg = &message[..len];
                let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).unwrap();
                mac.update(msg);
                let want = hex::encode(mac.finalize().into_bytes());
                let (a, b) = msg.split_at(len / 3);
                assert_eq!(
                    &ours.sha1_hex(&[msg]),
                    want.as_bytes(),
                    "key {key:?} len {len}"
                );
                assert_eq!(
                    &ours.sha1_hex(&[a, b]),
                    want.as_bytes(),
                    "split at {}",
                    len / 3
                );
            }
        }
    }

    #[test]
    fn the_url_md_check_value() {
        let key = PrivateKey::new("private_key_test");
        assert_eq!(
            &key.sha1_hex(&[b"tr:w-100/a.jpg9999999999"]),
            b"8a4d81e190528110e6835304625acb9df2fa38a0"
        );
        assert_eq!(format!("{key:?}"), "PrivateKey(<redacted>)");
    }
}
