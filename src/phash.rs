//! Distance between two perceptual hashes.

use crate::error::Error;
use crate::url::InputError;

/// The Hamming distance between two 64-bit pHash values given as 16 hex digits (as ImageKit
/// returns them in file metadata). 0 means the same image; more than about 10, different ones.
///
/// ```
/// assert_eq!(imagekit::phash_distance("2d5ad3936d2e015b", "2d6ed293db36a4fb").unwrap(), 17);
/// assert!(imagekit::phash_distance("xyz", "2d6ed293db36a4fb").is_err());
/// ```
pub fn phash_distance(a: &str, b: &str) -> Result<u32, Error> {
    Ok((parse(a)? ^ parse(b)?).count_ones())
}

fn parse(hash: &str) -> Result<u64, InputError> {
    let valid = !hash.is_empty() && hash.len() <= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    valid
        .then(|| u64::from_str_radix(hash, 16).ok())
        .flatten()
        .ok_or_else(|| InputError::InvalidPhash(hash.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("f06830ca9f1e3e90", "f06830ca9f1e3e90", 0)]
    #[case("2d5ad3936d2e015b", "2d6ed293db36a4fb", 17)]
    #[case("a4a65595ac94518b", "7838873e791f8400", 37)]
    #[case("0000000000000000", "ffffffffffffffff", 64)]
    #[case("F06830CA9F1E3E90", "f06830ca9f1e3e90", 0)]
    fn distances_match_api_md(#[case] a: &str, #[case] b: &str, #[case] want: u32) {
        assert_eq!(phash_distance(a, b).unwrap(), want);
        assert_eq!(phash_distance(b, a).unwrap(), want);
    }

    #[rstest]
    #[case("")]
    #[case("xyz")]
    #[case("+f06830ca9f1e3e9")]
    #[case("f06830ca9f1e3e900")]
    #[case("f06830ca 9f1e3e9")]
    fn bad_hex_is_an_input_error(#[case] bad: &str) {
        let err = phash_distance(bad, "f06830ca9f1e3e90").unwrap_err();
        assert_eq!(
            err.input_error(),
            Some(&InputError::InvalidPhash(bad.to_string()))
        );
    }
}
