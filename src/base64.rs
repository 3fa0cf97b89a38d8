//! Base64 (RFC 4648), standard with padding and URL-safe without: the two forms ImageKit needs
//! (layer inputs, Basic auth and webhook signatures; JWT segments), and the strict decoder that
//! reads either back (recorded fixtures; tests). Small enough not to need a crate.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
#[cfg(feature = "helpers")]
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Standard alphabet, `=` padding.
pub(crate) fn standard(input: &[u8]) -> String {
    encode(input, STANDARD, true)
}

/// URL-safe alphabet, no padding (JWT).
#[cfg(feature = "helpers")]
pub(crate) fn url_safe(input: &[u8]) -> String {
    encode(input, URL_SAFE, false)
}

/// `text` in the standard alphabet with padding, or in the URL-safe one without; `None` for
/// anything else (a wrong length, a stray character, padding in the wrong place, or bits left
/// over in the last digit).
#[cfg(any(feature = "test-util", all(test, feature = "helpers")))]
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let alphabet = if text.contains(['-', '_']) {
        URL_SAFE
    } else {
        STANDARD
    };
    let digits = text.trim_end_matches('=');
    let pad = text.len() - digits.len();
    if pad > 2 || (pad > 0 && text.len() % 4 != 0) || digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    let (mut bits, mut nbits) = (0u32, 0);
    for c in digits.bytes() {
        let digit = alphabet.iter().position(|&a| a == c)? as u32;
        bits = bits << 6 | digit;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    (bits == 0).then_some(out)
}

fn encode(input: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        let digits = chunk.len() + 1;
        for i in 0..4 {
            if i < digits {
                out.push(char::from(alphabet[(n >> (18 - 6 * i) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "helpers")]
    fn rfc4648_test_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(standard(input.as_bytes()), want);
            assert_eq!(url_safe(input.as_bytes()), want.trim_end_matches('='));
        }
        assert_eq!(standard(&[0xfb, 0xff]), "+/8=");
        assert_eq!(url_safe(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    #[cfg(feature = "helpers")]
    fn decoding_reads_both_forms_back_and_refuses_the_rest() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(97) ^ 0xa5).collect();
            assert_eq!(decode(&standard(&bytes)), Some(bytes.clone()));
            assert_eq!(decode(&url_safe(&bytes)), Some(bytes));
        }
        for bad in ["Zg=", "Zg===", "Z", "Zh==", "Zm9v!", "Zg==Zg==", "+-8="] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
