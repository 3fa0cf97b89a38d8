//! The JSON options as text (`url_from_json_str`): numbers reach the URL as written, and no
//! input, however broken, panics.

use std::collections::HashMap;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::{select, Index};

use serde_json::value::RawValue;

use super::{client, config, ENDPOINT};

/// The input of every public vector, as the file writes it.
fn vector_inputs() -> &'static [String] {
    static INPUTS: LazyLock<Vec<String>> = LazyLock::new(|| {
        include_str!("../url-public.jsonl")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let case: HashMap<&str, &RawValue> = serde_json::from_str(line).unwrap();
                case["input"].get().to_string()
            })
            .collect()
    });
    &INPUTS
}

/// A finite float from any bit pattern (subnormals and the extremes included).
fn finite_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        any::<f64>(),
        select(vec![
            0.0,
            -0.0,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e21,
            0.1
        ]),
    ]
    .prop_filter("finite", |f| f.is_finite())
}

/// One edit of a text: a byte replaced, inserted or removed, a range removed or repeated.
fn mutate(text: &str, edit: u8, at: Index, len: Index, byte: u8) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let i = at.index(bytes.len() + 1);
    let n = len.index(bytes.len() - i + 1);
    match edit % 5 {
        0 if i < bytes.len() => bytes[i] = byte,
        1 => bytes.insert(i, byte),
        2 if i < bytes.len() => {
            bytes.remove(i);
        }
        3 => {
            bytes.drain(i..i + n);
        }
        _ => {
            let tail = bytes.split_off(i);
            bytes.extend_from_slice(&tail[..n]);
            bytes.extend_from_slice(&tail);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A URL built from any input holds no control character and no space, so `url --jsonl`
/// always prints it on one line.
fn check_url(result: Result<String, imagekit::Error>) -> Result<(), TestCaseError> {
    match result {
        Ok(url) => {
            prop_assert!(
                !url.contains(|c: char| c.is_control() || c == ' '),
                "{url:?}"
            );
            Ok(())
        }
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            Ok(())
        }
    }
}

proptest! {
    #![proptest_config(config(1024))]

    /// A float written in its shortest form (with an exponent, or as Rust's `Debug` writes it)
    /// reaches the URL with the digits of Rust's `{}`: positional, `.0` when integral, and
    /// `-0.0` as `0.0` (url.md 1).
    #[test]
    fn floats_keep_their_shortest_digits(f in finite_float(), exponent in any::<bool>()) {
        let written = if exponent { format!("{f:e}") } else { format!("{f:?}") };
        let opts = format!(r#"{{"path": "/a.jpg", "transformation": [{{"zoom": {written}}}]}}"#);
        let url = client().url_from_json_str(&opts).unwrap();
        let mut digits = if f == 0.0 { "0".to_string() } else { format!("{f}") };
        if !digits.contains('.') {
            digits.push_str(".0");
        }
        prop_assert_eq!(url, format!("{ENDPOINT}/tr:z-{digits}/a.jpg"), "{}", written);
    }

    /// An integer within ±2^53 is written exactly; beyond, it is an error, even in an option
    /// that is not read.
    #[test]
    fn integers_are_exact_within_the_range_and_refused_beyond(n in any::<i64>(), small in -(1i64 << 53)..=(1i64 << 53)) {
        let url = client()
            .url_from_json_str(&format!(r#"{{"path": "/a.jpg", "transformation": [{{"width": {small}}}]}}"#))
            .unwrap();
        prop_assert_eq!(url, format!("{ENDPOINT}/tr:w-{small}/a.jpg"));
        let unread = format!(r#"{{"path": "/a.jpg", "expire_seconds": {n}}}"#);
        let result = client().url_from_json_str(&unread);
        if n.unsigned_abs() > 1 << 53 {
            let err = result.unwrap_err().to_string();
            prop_assert!(err.starts_with(&format!("integer {n} is outside")), "{}", err);
        } else {
            prop_assert_eq!(result.unwrap(), format!("{ENDPOINT}/a.jpg"));
        }
    }

    /// Any bytes give a URL or an error, never a panic.
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_url(client().url_from_json_str(&String::from_utf8_lossy(&bytes)))?;
    }

    /// Each public vector's input, edited a few times, gives a URL or an error, never a panic.
    #[test]
    fn edited_vectors_never_panic(
        which in any::<Index>(),
        edits in prop::collection::vec((any::<u8>(), any::<Index>(), any::<Index>(), any::<u8>()), 1..4),
    ) {
        let mut text = which.get(vector_inputs()).clone();
        for (edit, at, len, byte) in edits {
            text = mutate(&text, edit, at, len, byte);
        }
        check_url(client().url_from_json_str(&text))?;
    }
}

/// Public vectors' inputs (one in 20), edited at each byte with one of a few bytes that matter
/// to JSON, give a URL or an error: every position, not a sample.
#[test]
fn vectors_edited_at_every_byte_never_panic() {
    let ik = client();
    for input in vector_inputs().iter().step_by(20) {
        for i in 0..input.len() {
            for byte in [b'"', b'\\', b'{', b']', b'-'] {
                let mut bytes = input.as_bytes().to_vec();
                bytes[i] = byte;
                let text = String::from_utf8_lossy(&bytes);
                if let Ok(url) = ik.url_from_json_str(&text) {
                    assert!(
                        !url.contains(|c: char| c.is_control() || c == ' '),
                        "{url:?} from {text}"
                    );
                }
            }
        }
    }
}
