//! Webhook signatures: Standard Webhooks (`webhook-id`, `webhook-timestamp`,
//! `webhook-signature`) and ImageKit's legacy `x-ik-signature`.
//!
//! Both schemes are HMAC-SHA256 keyed with the UTF-8 bytes of the whole secret string as the
//! dashboard shows it, `whsec_` prefix included (ImageKit's official SDKs do the same; the
//! prefix is not stripped and the rest is not base64-decoded). Both accept a message sent at
//! most five minutes before or after now.

use core::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::base64;

/// How far a webhook's timestamp may be from now, in seconds, either way.
const TOLERANCE_SECONDS: u64 = 5 * 60;

/// Why a webhook was refused. Neither `Display` nor `Debug` shows the secret or a signature.
///
/// ```
/// use imagekit::{verify_webhook, WebhookError};
/// let err = verify_webhook("whsec_x", "msg_1", "not a time", "v1,abc", b"{}", 0).unwrap_err();
/// assert_eq!(err, WebhookError::BadTimestamp);
/// assert_eq!(err.to_string(), "the webhook timestamp is not a whole number of seconds");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The webhook secret is empty: nothing can be verified with it.
    EmptySecret,
    /// A header is missing or empty (its name).
    MissingHeader(&'static str),
    /// The timestamp is not a whole number (seconds; milliseconds in the legacy scheme).
    BadTimestamp,
    /// The timestamp is more than five minutes before or after now: an old message replayed,
    /// or a clock that is off.
    Expired,
    /// The signature header does not have the expected form (what is wrong).
    Malformed(&'static str),
    /// No signature in the header matches the message.
    NoMatchingSignature,
    /// The request has neither a `webhook-signature` nor an `x-ik-signature` header.
    MissingSignature,
    /// The client has no webhook secret to verify with.
    MissingSecret,
    /// The verified body is not a webhook event: not JSON, not an object, or without a string
    /// `type` (why).
    NotAnEvent(String),
    /// The verified body is an event of a known type whose payload does not have that type's
    /// shape.
    BadPayload {
        /// The event's `type`.
        event_type: String,
        /// What does not fit.
        reason: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::EmptySecret => f.write_str("the webhook secret is empty"),
            WebhookError::MissingHeader(name) => write!(f, "the {name} header is missing"),
            WebhookError::BadTimestamp => {
                f.write_str("the webhook timestamp is not a whole number of seconds")
            }
            WebhookError::Expired => {
                f.write_str("the webhook timestamp is more than 5 minutes away from now")
            }
            WebhookError::Malformed(what) => {
                write!(f, "malformed webhook signature header: {what}")
            }
            WebhookError::NoMatchingSignature => {
                f.write_str("no webhook signature matches the message")
            }
            WebhookError::MissingSignature => f.write_str(
                "the request has no webhook signature (neither webhook-signature nor x-ik-signature)",
            ),
            WebhookError::MissingSecret => f.write_str(
                "no webhook secret to verify with: set one with ImageKit::with_webhook_secret or IMAGEKIT_WEBHOOK_SECRET",
            ),
            WebhookError::NotAnEvent(why) => write!(f, "the webhook body is not an event: {why}"),
            WebhookError::BadPayload { event_type, reason } => {
                write!(f, "the {event_type} webhook event does not have its documented shape: {reason}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// Verifies a Standard Webhooks message as ImageKit sends it.
///
/// Give the three headers' values as received, the raw body bytes (before any JSON parsing),
/// and the current unix time in seconds. The signed content is `webhook-id`, `.`, the
/// timestamp in decimal (leading zeros dropped, as the Standard Webhooks libraries do), `.`,
/// the body; its HMAC-SHA256 keyed with the UTF-8 bytes of the whole `secret`
/// (`whsec_` prefix included, as ImageKit's SDKs do), in standard base64, must equal one of
/// the space-separated `v1,<base64>` entries of `webhook-signature` (entries of other
/// versions are skipped; the comparison takes constant time). The timestamp must be at most
/// 300 seconds before or after `now_unix`. Surrounding whitespace of the header values is
/// ignored.
///
/// ```
/// use imagekit::{sign_webhook, verify_webhook, WebhookError};
///
/// let secret = "whsec_dGVzdHNlY3JldA==";
/// let body = br#"{"type":"file.created"}"#;
/// let header = sign_webhook(secret, "msg_1", 1_700_000_000, body);
/// assert!(verify_webhook(secret, "msg_1", "1700000000", &header, body, 1_700_000_010).is_ok());
///
/// let tampered = br#"{"type":"file.deleted"}"#;
/// assert_eq!(
///     verify_webhook(secret, "msg_1", "1700000000", &header, tampered, 1_700_000_010),
///     Err(WebhookError::NoMatchingSignature)
/// );
/// ```
pub fn verify_webhook(
    secret: &str,
    webhook_id: &str,
    webhook_timestamp: &str,
    webhook_signature: &str,
    body: &[u8],
    now_unix: u64,
) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::EmptySecret);
    }
    let id = non_empty(webhook_id, "webhook-id")?;
    let timestamp = parse_time(non_empty(webhook_timestamp, "webhook-timestamp")?)?;
    let header = non_empty(webhook_signature, "webhook-signature")?;
    if now_unix.abs_diff(timestamp) > TOLERANCE_SECONDS {
        return Err(WebhookError::Expired);
    }

    let expected = standard_signature(secret, id, timestamp, body);
    let mut found_v1 = false;
    let mut matched = false;
    for entry in header.split_ascii_whitespace() {
        let (version, signature) = entry.split_once(',').ok_or(WebhookError::Malformed(
            "an entry is not <version>,<signature>",
        ))?;
        if version != "v1" {
            continue;
        }
        found_v1 = true;
        // No early exit: every v1 entry is compared.
        matched |= constant_time_eq(signature.as_bytes(), expected.as_bytes());
    }
    if matched {
        Ok(())
    } else if found_v1 {
        Err(WebhookError::NoMatchingSignature)
    } else {
        Err(WebhookError::Malformed("no v1 signature"))
    }
}

/// The `webhook-signature` value ImageKit would send for this message: `v1,<base64>` (see
/// [`verify_webhook`]). For tests of webhook handlers.
///
/// ```
/// let header = imagekit::sign_webhook("whsec_dGVzdHNlY3JldA==", "msg_1", 1_700_000_000, b"{}");
/// assert!(header.starts_with("v1,"));
/// ```
pub fn sign_webhook(secret: &str, webhook_id: &str, timestamp: u64, body: &[u8]) -> String {
    format!(
        "v1,{}",
        standard_signature(secret, webhook_id, timestamp, body)
    )
}

/// Verifies a webhook signed with ImageKit's legacy scheme, from its `x-ik-signature` header:
/// `t=<unix milliseconds>,v1=<hex>`.
///
/// The signed content is the `t` value as sent, `.`, then the raw body bytes; its HMAC-SHA256
/// keyed with the UTF-8 bytes of the whole `secret` (`whsec_` prefix included, as in
/// ImageKit's SDKs), in hex (either case), must equal a `v1` value (constant-time compare).
/// Items are comma-separated `name=value` pairs; other names are skipped.
///
/// The legacy SDKs leave the age check to the caller; this function makes it, with the same
/// tolerance as [`verify_webhook`]: `t` must be at most 5 minutes (300 000 ms) before or after
/// `now_unix_ms`, the current unix time in **milliseconds**.
///
/// ```
/// use imagekit::{sign_legacy_webhook, verify_legacy_webhook};
///
/// let header = sign_legacy_webhook("whsec_x", 1_700_000_000_000, b"{}");
/// assert!(verify_legacy_webhook("whsec_x", &header, b"{}", 1_700_000_060_000).is_ok());
/// assert!(verify_legacy_webhook("whsec_y", &header, b"{}", 1_700_000_060_000).is_err());
/// ```
pub fn verify_legacy_webhook(
    secret: &str,
    x_ik_signature: &str,
    body: &[u8],
    now_unix_ms: u64,
) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::EmptySecret);
    }
    let header = non_empty(x_ik_signature, "x-ik-signature")?;
    let mut t = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        let (name, value) = item
            .trim()
            .split_once('=')
            .ok_or(WebhookError::Malformed("an item is not <name>=<value>"))?;
        match name {
            "t" if t.is_some() => return Err(WebhookError::Malformed("more than one t")),
            "t" => t = Some(value),
            "v1" => signatures.push(value),
            _ => {}
        }
    }
    let t_text = t.ok_or(WebhookError::Malformed("no t"))?;
    let t_ms = parse_time(t_text)?;
    if signatures.is_empty() {
        return Err(WebhookError::Malformed("no v1 signature"));
    }
    if now_unix_ms.abs_diff(t_ms) > TOLERANCE_SECONDS * 1000 {
        return Err(WebhookError::Expired);
    }

    let expected = legacy_mac(secret, t_text, body);
    let mut matched = false;
    for signature in signatures {
        // Not hex, or the wrong length: it cannot match.
        if let Ok(given) = hex::decode(signature) {
            matched |= constant_time_eq(&given, &expected);
        }
    }
    if matched {
        Ok(())
    } else {
        Err(WebhookError::NoMatchingSignature)
    }
}

/// The `x-ik-signature` value of the legacy scheme for this body at `t_unix_ms`:
/// `t=<ms>,v1=<hex>` (see [`verify_legacy_webhook`]). For tests of webhook handlers.
///
/// ```
/// let header = imagekit::sign_legacy_webhook("whsec_x", 1_700_000_000_000, b"{}");
/// assert!(header.starts_with("t=1700000000000,v1="));
/// ```
pub fn sign_legacy_webhook(secret: &str, t_unix_ms: u64, body: &[u8]) -> String {
    let t = t_unix_ms.to_string();
    format!("t={t},v1={}", hex::encode(legacy_mac(secret, &t, body)))
}

fn standard_signature(secret: &str, id: &str, timestamp: u64, body: &[u8]) -> String {
    let mut mac = hmac(secret);
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    base64::standard(&mac.finalize().into_bytes())
}

fn legacy_mac(secret: &str, t: &str, body: &[u8]) -> [u8; 32] {
    let mut mac = hmac(secret);
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

fn hmac(secret: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this cannot fail.
    Hmac::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

fn non_empty<'a>(value: &'a str, header: &'static str) -> Result<&'a str, WebhookError> {
    match value.trim() {
        "" => Err(WebhookError::MissingHeader(header)),
        v => Ok(v),
    }
}

/// A timestamp: ASCII digits only (no sign, no fraction), fitting a u64.
fn parse_time(text: &str) -> Result<u64, WebhookError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::BadTimestamp);
    }
    text.parse().map_err(|_| WebhookError::BadTimestamp)
}

/// Equality whose time depends only on the lengths (which are public: a MAC's length is fixed).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    core::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const SECRET: &str = "whsec_dGVzdHNlY3JldA==";
    const ID: &str = "msg_2Lh9KJtqcNxW3Y0s";
    const TS: u64 = 1_700_000_000;
    const BODY: &[u8] = br#"{"type":"file.created","data":{"fileId":"abc"}}"#;

    fn verify_at(header: &str, now: u64) -> Result<(), WebhookError> {
        verify_webhook(SECRET, ID, &TS.to_string(), header, BODY, now)
    }

    /// Computed independently in Python 3:
    /// ```text
    /// import hmac, hashlib, base64
    /// key = "whsec_dGVzdHNlY3JldA==".encode()   # the whole secret, prefix included, as UTF-8
    /// msg = b'msg_2Lh9KJtqcNxW3Y0s.1700000000.{"type":"file.created","data":{"fileId":"abc"}}'
    /// base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()
    /// ```
    const KNOWN_STANDARD: &str = "v1,fvJsb9QrLd/H8ZCdtYhJjkQ6kIH+vxA6FFYTSl3IUFw=";

    /// Computed independently in Python 3:
    /// ```text
    /// import hmac, hashlib
    /// key = "whsec_dGVzdHNlY3JldA==".encode()
    /// msg = b'1700000000000.{"type":"file.created","data":{"fileId":"abc"}}'
    /// hmac.new(key, msg, hashlib.sha256).hexdigest()
    /// ```
    const KNOWN_LEGACY: &str =
        "t=1700000000000,v1=a154a90ea2eda7ff9b6af42d0f5898b2e842b274bd7ea6b57ba3cdade940b9a8";

    #[test]
    fn known_answer_keys_with_the_whole_secret_string() {
        assert_eq!(sign_webhook(SECRET, ID, TS, BODY), KNOWN_STANDARD);
        assert_eq!(verify_at(KNOWN_STANDARD, TS), Ok(()));
    }

    #[test]
    fn legacy_known_answer_keys_with_the_whole_secret_string() {
        assert_eq!(sign_legacy_webhook(SECRET, TS * 1000, BODY), KNOWN_LEGACY);
        assert_eq!(
            verify_legacy_webhook(SECRET, KNOWN_LEGACY, BODY, TS * 1000),
            Ok(())
        );
    }

    #[test]
    fn signed_message_verifies() {
        let header = sign_webhook(SECRET, ID, TS, BODY);
        assert_eq!(verify_at(&header, TS), Ok(()));
        // Header values with surrounding whitespace.
        let padded = format!("  {header} ");
        assert_eq!(
            verify_webhook(
                SECRET,
                " msg_2Lh9KJtqcNxW3Y0s",
                " 1700000000 ",
                &padded,
                BODY,
                TS
            ),
            Ok(())
        );
    }

    #[rstest]
    #[case::body_byte(SECRET, ID, TS, b"{\"type\":\"file.created\",\"data\":{\"fileId\":\"abd\"}}".as_slice())]
    #[case::body_extra_byte(SECRET, ID, TS, b"{\"type\":\"file.created\",\"data\":{\"fileId\":\"abc\"}} ".as_slice())]
    #[case::empty_body(SECRET, ID, TS, b"".as_slice())]
    #[case::id(SECRET, "msg_2Lh9KJtqcNxW3Y0t", TS, BODY)]
    #[case::timestamp(SECRET, ID, TS + 1, BODY)]
    #[case::secret("whsec_dGVzdHNlY3JldB==", ID, TS, BODY)]
    #[case::secret_without_prefix("dGVzdHNlY3JldA==", ID, TS, BODY)]
    fn any_change_fails(
        #[case] secret: &str,
        #[case] id: &str,
        #[case] ts: u64,
        #[case] body: &[u8],
    ) {
        // Signed as the original message, verified against a changed one.
        let header = sign_webhook(SECRET, ID, TS, BODY);
        assert_eq!(
            verify_webhook(secret, id, &ts.to_string(), &header, body, TS),
            Err(WebhookError::NoMatchingSignature)
        );
        // And the other way round.
        let header = sign_webhook(secret, id, ts, body);
        assert_eq!(
            verify_at(&header, TS),
            Err(WebhookError::NoMatchingSignature)
        );
    }

    #[rstest]
    #[case(-301, Err(WebhookError::Expired))]
    #[case(-300, Ok(()))]
    #[case(-299, Ok(()))]
    #[case(0, Ok(()))]
    #[case(299, Ok(()))]
    #[case(300, Ok(()))]
    #[case(301, Err(WebhookError::Expired))]
    fn five_minutes_either_way(#[case] offset: i64, #[case] want: Result<(), WebhookError>) {
        // `offset`: how far the message's timestamp is from now (negative: in the past).
        let now = TS.checked_add_signed(-offset).unwrap();
        let header = sign_webhook(SECRET, ID, TS, BODY);
        assert_eq!(verify_at(&header, now), want);
    }

    #[test]
    fn expiry_is_checked_even_with_a_valid_signature_far_away() {
        let header = sign_webhook(SECRET, ID, 0, BODY);
        assert_eq!(
            verify_webhook(SECRET, ID, "0", &header, BODY, u64::MAX),
            Err(WebhookError::Expired)
        );
    }

    #[rstest]
    #[case::valid_first("{good} v1,AAAA")]
    #[case::valid_last("v1,AAAA v1,bm90IGl0 {good}")]
    #[case::other_versions("v2,xyz {good} v1a,{sig}")]
    #[case::extra_spaces("v1,AAAA   {good}")]
    fn one_valid_signature_among_several_passes(#[case] template: &str) {
        let good = sign_webhook(SECRET, ID, TS, BODY);
        let header = template
            .replace("{good}", &good)
            .replace("{sig}", &good[3..]);
        assert_eq!(verify_at(&header, TS), Ok(()));
    }

    #[rstest]
    #[case::only_wrong("v1,AAAA v1,bm90IGl0", WebhookError::NoMatchingSignature)]
    #[case::empty_v1("v1,", WebhookError::NoMatchingSignature)]
    #[case::truncated("{trunc}", WebhookError::NoMatchingSignature)]
    #[case::upper_case_version("V1,{sig}", WebhookError::Malformed("no v1 signature"))]
    #[case::only_other_versions("v2,{sig}", WebhookError::Malformed("no v1 signature"))]
    #[case::bare_signature(
        "{sig}",
        WebhookError::Malformed("an entry is not <version>,<signature>")
    )]
    #[case::one_entry_bad(
        "{good} garbage",
        WebhookError::Malformed("an entry is not <version>,<signature>")
    )]
    #[case::empty("", WebhookError::MissingHeader("webhook-signature"))]
    #[case::blank("   ", WebhookError::MissingHeader("webhook-signature"))]
    fn bad_signature_headers(#[case] template: &str, #[case] want: WebhookError) {
        let good = sign_webhook(SECRET, ID, TS, BODY);
        let header = template
            .replace("{good}", &good)
            .replace("{sig}", &good[3..])
            .replace("{trunc}", &good[..good.len() - 2]);
        assert_eq!(verify_at(&header, TS), Err(want));
    }

    #[rstest]
    #[case("", WebhookError::MissingHeader("webhook-timestamp"))]
    #[case("abc", WebhookError::BadTimestamp)]
    #[case("-1700000000", WebhookError::BadTimestamp)]
    #[case("+1700000000", WebhookError::BadTimestamp)]
    #[case("1700000000.5", WebhookError::BadTimestamp)]
    #[case("1 700000000", WebhookError::BadTimestamp)]
    #[case("99999999999999999999999", WebhookError::BadTimestamp)]
    fn bad_timestamps(#[case] timestamp: &str, #[case] want: WebhookError) {
        let header = sign_webhook(SECRET, ID, TS, BODY);
        assert_eq!(
            verify_webhook(SECRET, ID, timestamp, &header, BODY, TS),
            Err(want)
        );
    }

    #[test]
    fn missing_id_and_secret() {
        let header = sign_webhook(SECRET, ID, TS, BODY);
        assert_eq!(
            verify_webhook(SECRET, "", "1700000000", &header, BODY, TS),
            Err(WebhookError::MissingHeader("webhook-id"))
        );
        assert_eq!(
            verify_webhook("", ID, "1700000000", &header, BODY, TS),
            Err(WebhookError::EmptySecret)
        );
    }

    #[test]
    fn errors_never_show_the_secret_or_signature() {
        let header = sign_webhook(SECRET, ID, TS, BODY);
        let errors = [
            verify_at("v1,AAAA", TS),
            verify_at(&header, TS + 10_000),
            verify_webhook(SECRET, ID, "x", &header, BODY, TS),
            verify_at(&header[3..], TS),
            verify_legacy_webhook(SECRET, "t=1,v1=00", BODY, 1),
        ];
        for err in errors {
            let err = err.unwrap_err();
            for shown in [err.to_string(), format!("{err:?}")] {
                assert!(!shown.contains("whsec"), "{shown}");
                assert!(!shown.contains(&header[3..]), "{shown}");
            }
        }
    }

    const TS_MS: u64 = TS * 1000;

    fn verify_legacy_at(header: &str, now_ms: u64) -> Result<(), WebhookError> {
        verify_legacy_webhook(SECRET, header, BODY, now_ms)
    }

    #[test]
    fn legacy_signed_message_verifies() {
        let header = sign_legacy_webhook(SECRET, TS_MS, BODY);
        assert_eq!(verify_legacy_at(&header, TS_MS), Ok(()));
        // Upper-case hex, items in another order, spaces after commas, an unknown item.
        let (t, v1) = header.split_once(',').unwrap();
        let reordered = format!(
            "v0=zz, {}, {t}",
            v1.to_ascii_uppercase().replace("V1=", "v1=")
        );
        assert_eq!(verify_legacy_at(&reordered, TS_MS), Ok(()));
        // Two signatures, one valid.
        let two = format!("{t},v1={},{v1}", "0".repeat(64));
        assert_eq!(verify_legacy_at(&two, TS_MS), Ok(()));
    }

    #[rstest]
    #[case::body(SECRET, TS_MS, b"{}".as_slice())]
    #[case::time(SECRET, TS_MS + 1, BODY)]
    #[case::secret("whsec_other", TS_MS, BODY)]
    #[case::secret_without_prefix("dGVzdHNlY3JldA==", TS_MS, BODY)]
    fn legacy_any_change_fails(#[case] secret: &str, #[case] t_ms: u64, #[case] body: &[u8]) {
        // Signed as the original message; the header's `t` replaced by `t_ms`, verified with
        // `secret` against `body`.
        let good = sign_legacy_webhook(SECRET, TS_MS, BODY);
        let v1 = good.split_once(',').unwrap().1;
        let header = format!("t={t_ms},{v1}");
        assert_eq!(
            verify_legacy_webhook(secret, &header, body, TS_MS),
            Err(WebhookError::NoMatchingSignature)
        );
        // And the other way round: signed as the changed message, verified as the original.
        let forged = sign_legacy_webhook(secret, t_ms, body);
        let forged_v1 = forged.split_once(',').unwrap().1;
        assert_eq!(
            verify_legacy_at(&format!("t={TS_MS},{forged_v1}"), TS_MS),
            Err(WebhookError::NoMatchingSignature)
        );
    }

    #[test]
    fn legacy_time_is_signed_as_sent() {
        // A `t` with a leading zero names the same instant but is different signed text.
        let good = sign_legacy_webhook(SECRET, TS_MS, BODY);
        let v1 = good.split_once(',').unwrap().1;
        assert_eq!(
            verify_legacy_at(&format!("t=0{TS_MS},{v1}"), TS_MS),
            Err(WebhookError::NoMatchingSignature)
        );
    }

    #[rstest]
    #[case(-300_001, Err(WebhookError::Expired))]
    #[case(-300_000, Ok(()))]
    #[case(-299_000, Ok(()))]
    #[case(299_000, Ok(()))]
    #[case(300_000, Ok(()))]
    #[case(300_001, Err(WebhookError::Expired))]
    fn legacy_five_minutes_in_milliseconds(
        #[case] offset_ms: i64,
        #[case] want: Result<(), WebhookError>,
    ) {
        let now = TS_MS.checked_add_signed(-offset_ms).unwrap();
        let header = sign_legacy_webhook(SECRET, TS_MS, BODY);
        assert_eq!(verify_legacy_at(&header, now), want);
    }

    #[rstest]
    #[case::empty("", WebhookError::MissingHeader("x-ik-signature"))]
    #[case::no_t("v1=00", WebhookError::Malformed("no t"))]
    #[case::no_v1("t=1700000000000", WebhookError::Malformed("no v1 signature"))]
    #[case::two_t(
        "t=1700000000000,t=1700000000000,v1=00",
        WebhookError::Malformed("more than one t")
    )]
    #[case::no_equals(
        "t=1700000000000,v1",
        WebhookError::Malformed("an item is not <name>=<value>")
    )]
    #[case::bad_t("t=soon,v1=00", WebhookError::BadTimestamp)]
    #[case::seconds_not_ms("t=1700000000,v1=00", WebhookError::Expired)]
    #[case::not_hex("t=1700000000000,v1=xyz", WebhookError::NoMatchingSignature)]
    #[case::short_hex("t=1700000000000,v1=00ff", WebhookError::NoMatchingSignature)]
    fn legacy_bad_headers(#[case] header: &str, #[case] want: WebhookError) {
        assert_eq!(verify_legacy_at(header, TS_MS), Err(want));
    }

    #[test]
    fn legacy_empty_secret() {
        let header = sign_legacy_webhook(SECRET, TS_MS, BODY);
        assert_eq!(
            verify_legacy_webhook("", &header, BODY, TS_MS),
            Err(WebhookError::EmptySecret)
        );
    }

    #[rstest]
    #[case(b"", b"", true)]
    #[case(b"abc", b"abc", true)]
    #[case(b"abc", b"abd", false)]
    #[case(b"abc", b"ab", false)]
    #[case(b"", b"a", false)]
    fn constant_time_eq_cases(#[case] a: &[u8], #[case] b: &[u8], #[case] want: bool) {
        assert_eq!(constant_time_eq(a, b), want);
        assert_eq!(constant_time_eq(b, a), want);
    }
}
