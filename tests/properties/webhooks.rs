//! Webhook signing and verification, and pHash distance.

use imagekit::{phash_distance, sign_webhook, verify_webhook, WebhookError};
use proptest::prelude::*;

use super::config;

// ---------------------------------------------------------------------------------------------
// Webhooks.

const NOW: u64 = 1_700_000_000;

proptest! {
    #![proptest_config(config(256))]

    /// A message signed by `sign_webhook` verifies (within the tolerance).
    #[test]
    fn signed_webhooks_verify(
        secret in "whsec_[A-Za-z0-9+/=]{1,40}",
        id in "[a-zA-Z0-9_]{1,20}",
        timestamp in 1_000_000u64..4_000_000_000,
        skew in -300i64..=300,
        body in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let header = sign_webhook(&secret, &id, timestamp, &body);
        let now = timestamp.saturating_add_signed(skew);
        prop_assert_eq!(verify_webhook(&secret, &id, &timestamp.to_string(), &header, &body, now), Ok(()));
    }

    /// Changing any single byte of the body, the id, the timestamp, the signature header or the
    /// secret makes verification fail.
    #[test]
    fn any_single_byte_change_fails(
        secret in "whsec_[A-Za-z0-9+/=]{1,40}",
        id in "[a-zA-Z0-9_]{1,20}",
        body in prop::collection::vec(any::<u8>(), 1..512),
        which in 0..5usize,
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        ascii in 0x20u8..0x7f,
    ) {
        let timestamp = NOW.to_string();
        let header = sign_webhook(&secret, &id, NOW, &body);
        let (mut secret, mut id, mut timestamp, mut header, mut body) =
            (secret.into_bytes(), id.into_bytes(), timestamp.into_bytes(), header.into_bytes(), body);
        let (target, replacement) = match which {
            0 => (&mut body, byte),
            1 => (&mut id, ascii),
            2 => (&mut timestamp, ascii),
            3 => (&mut header, ascii),
            _ => (&mut secret, ascii),
        };
        let i = at.index(target.len());
        prop_assume!(target[i] != replacement);
        target[i] = replacement;
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        let result = verify_webhook(
            &text(secret),
            &text(id),
            &text(timestamp),
            &text(header),
            &body,
            NOW,
        );
        prop_assert!(result.is_err(), "verified after changing byte {i} of part {which}");
        if which == 0 {
            prop_assert_eq!(result, Err(WebhookError::NoMatchingSignature));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// pHash.

proptest! {
    #![proptest_config(config(1024))]

    /// The distance is the number of differing bits, in either case of hex digits, with or
    /// without leading zeros; it is symmetric, zero on itself and obeys the triangle inequality.
    #[test]
    fn phash_distance_is_the_hamming_distance(a in any::<u64>(), b in any::<u64>(), c in any::<u64>(), upper in any::<bool>()) {
        let hex = |v: u64| if upper { format!("{v:016X}") } else { format!("{v:016x}") };
        let d = |x: u64, y: u64| phash_distance(&hex(x), &hex(y)).unwrap();
        prop_assert_eq!(d(a, b), (a ^ b).count_ones());
        prop_assert_eq!(d(a, b), d(b, a));
        prop_assert_eq!(d(a, a), 0);
        prop_assert!(d(a, c) <= d(a, b) + d(b, c));
        prop_assert_eq!(phash_distance(&format!("{a:x}"), &hex(b)).unwrap(), (a ^ b).count_ones());
    }

    /// Anything but 1 to 16 hex digits is an error, never a panic.
    #[test]
    fn phash_rejects_what_is_not_hex(s in "\\PC{0,20}") {
        let valid = !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
        let result = phash_distance(&s, "0000000000000000");
        prop_assert_eq!(result.is_ok(), valid, "{:?}: {:?}", s, result);
        if valid {
            prop_assert_eq!(result.unwrap(), u64::from_str_radix(&s, 16).unwrap().count_ones());
        }
    }
}
