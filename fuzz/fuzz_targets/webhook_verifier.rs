//! The webhook verifiers with arbitrary header strings and body: `verify_webhook` and
//! `verify_legacy_webhook` must answer Ok or an error, never panic; and a message signed with
//! `sign_webhook` / `sign_legacy_webhook` must verify.
#![no_main]

use imagekit::{sign_legacy_webhook, sign_webhook, verify_legacy_webhook, verify_webhook};
use libfuzzer_sys::fuzz_target;

/// The secret, `webhook-id`, `webhook-timestamp`, `webhook-signature`, `x-ik-signature`, the
/// body, the current time, and the time of the signed round trip.
type Input = (String, String, String, String, String, Vec<u8>, u64, u64);

fuzz_target!(|input: Input| {
    let (secret, id, timestamp, signature, legacy_signature, body, now, signed_at) = input;

    if let Err(e) = verify_webhook(&secret, &id, &timestamp, &signature, &body, now) {
        let _ = e.to_string();
    }
    if let Err(e) = verify_legacy_webhook(&secret, &legacy_signature, &body, now) {
        let _ = e.to_string();
    }

    // Round trips: what the signers produce, the verifiers accept (within the tolerance).
    if !secret.is_empty() {
        let id = id.trim();
        if !id.is_empty() {
            let header = sign_webhook(&secret, id, signed_at, &body);
            let ts = signed_at.to_string();
            assert_eq!(
                verify_webhook(&secret, id, &ts, &header, &body, signed_at),
                Ok(())
            );
            assert_eq!(
                verify_webhook(
                    &secret,
                    id,
                    &ts,
                    &format!("v0,x {header}"),
                    &body,
                    signed_at
                ),
                Ok(())
            );
        }
        let legacy = sign_legacy_webhook(&secret, signed_at, &body);
        assert_eq!(
            verify_legacy_webhook(&secret, &legacy, &body, signed_at),
            Ok(())
        );
    }
});
