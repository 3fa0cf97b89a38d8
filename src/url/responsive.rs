//! Responsive image attributes (`src`, `srcset`, `sizes`, `width`) by the rules of
//! `getResponsiveImageAttributes` in `@imagekit/javascript` 5.5.1: which widths become
//! candidates ([`candidates`]), each one a URL whose transformation ends with a step
//! `w-<width>,c-at_max`.
//!
//! Uses: `options` and `transform`.

use super::catalog::Crop;
use super::options::UrlOptions;
use super::transform::Transform;

/// The JS SDK's default device breakpoints (screen widths).
pub const DEFAULT_DEVICE_BREAKPOINTS: [u32; 8] = [640, 750, 828, 1080, 1200, 1920, 2048, 3840];

/// The JS SDK's default image breakpoints (widths of images smaller than the screen).
pub const DEFAULT_IMAGE_BREAKPOINTS: [u32; 8] = [16, 32, 48, 64, 96, 128, 256, 384];

/// What [`ImageKit::responsive_image`](crate::ImageKit::responsive_image) takes beside the URL
/// options: the image's display `width` and/or the `sizes` attribute, and the breakpoints
/// (unsorted is fine; `None` for the defaults).
///
/// - With `sizes`: every breakpoint at least the smallest `vw` share in `sizes` (a number
///   before `vw` at the start or after a space) of the smallest device breakpoint, with `w`
///   descriptors (every breakpoint when `sizes` has no `vw`).
/// - With only `width`: the breakpoints nearest above 1× and 2× it (or the largest), with `x`
///   descriptors.
/// - With neither: the device breakpoints, `w` descriptors, and `sizes` `100vw`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Responsive<'a> {
    /// The width the image is shown at, in CSS pixels.
    pub width: Option<u32>,
    /// The `sizes` attribute, e.g. `(max-width: 600px) 100vw, 50vw`.
    pub sizes: Option<&'a str>,
    /// Screen widths ([`DEFAULT_DEVICE_BREAKPOINTS`] when `None`).
    pub device_breakpoints: Option<&'a [u32]>,
    /// Image widths below the smallest screen ([`DEFAULT_IMAGE_BREAKPOINTS`] when `None`).
    pub image_breakpoints: Option<&'a [u32]>,
}

/// The attributes of a responsive `<img>`. `src_set`, `sizes` and `width` are `None` where the
/// JS SDK leaves the key out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "helpers", derive(serde::Serialize))]
#[cfg_attr(feature = "helpers", serde(rename_all = "camelCase"))]
pub struct ResponsiveImage {
    /// The URL of the largest candidate.
    pub src: String,
    /// The candidates: `<url> <width>w` or `<url> <n>x`, joined with `, `.
    #[cfg_attr(feature = "helpers", serde(skip_serializing_if = "Option::is_none"))]
    pub src_set: Option<String>,
    /// The `sizes` given, or `100vw` for `w` descriptors without one.
    #[cfg_attr(feature = "helpers", serde(skip_serializing_if = "Option::is_none"))]
    pub sizes: Option<String>,
    /// The `width` given.
    #[cfg_attr(feature = "helpers", serde(skip_serializing_if = "Option::is_none"))]
    pub width: Option<u32>,
}

/// The candidates of `srcset`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Candidates {
    /// Widths, each described by itself (`640w`).
    Widths(Vec<u32>),
    /// One or two widths described by rank (`1x`, `2x`). A width is `None` where the JS SDK's
    /// is `undefined` (no breakpoint at all): its URL has no `w-` entry.
    Densities(Vec<Option<u32>>),
}

/// The candidates for `responsive`, by the JS SDK's rules.
fn candidates(responsive: &Responsive<'_>) -> Candidates {
    let sorted = |given: Option<&[u32]>, default: &[u32]| {
        let mut list = given.unwrap_or(default).to_vec();
        list.sort_unstable();
        list
    };
    let devices = sorted(responsive.device_breakpoints, &DEFAULT_DEVICE_BREAKPOINTS);
    let images = sorted(responsive.image_breakpoints, &DEFAULT_IMAGE_BREAKPOINTS);
    let mut all = [images, devices.clone()].concat();
    all.sort_unstable();
    // An empty `sizes` counts as none, as in JavaScript.
    if let Some(sizes) = responsive.sizes.filter(|s| !s.is_empty()) {
        return Candidates::Widths(match (smallest_vw(sizes), devices.first()) {
            (None, _) => all,
            (Some(vw), Some(&device)) => {
                let min_px = f64::from(device) * (f64::from(vw) / 100.0);
                all.into_iter()
                    .filter(|&w| f64::from(w) >= min_px)
                    .collect()
            }
            // No device breakpoint: the JS SDK compares with NaN and keeps nothing.
            (Some(_), None) => Vec::new(),
        });
    }
    let Some(width) = responsive.width else {
        return Candidates::Widths(devices);
    };
    let nearest = |target: u64| {
        all.iter()
            .copied()
            .find(|&w| u64::from(w) >= target)
            .or(all.last().copied())
    };
    let (one, two) = (nearest(u64::from(width)), nearest(2 * u64::from(width)));
    Candidates::Densities(if one == two {
        vec![one]
    } else {
        vec![one, two]
    })
}

/// The smallest `N` of the `Nvw` tokens of `sizes` as the JS SDK finds them
/// (`/(^|\s)(1?\d{1,2})vw/g`: at the start or after JavaScript whitespace, one or two digits
/// or a three-digit number starting with 1, right before `vw`).
fn smallest_vw(sizes: &str) -> Option<u32> {
    let mut smallest = None;
    let mut after_space = true;
    for (i, c) in sizes.char_indices() {
        if after_space && c.is_ascii_digit() {
            let rest = &sizes[i..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let fits = digits <= 2 || (digits == 3 && rest.starts_with('1'));
            if fits && rest[digits..].starts_with("vw") {
                let n: u32 = rest[..digits].parse().unwrap_or(u32::MAX);
                smallest = Some(smallest.map_or(n, |s: u32| s.min(n)));
            }
        }
        after_space = is_js_space(c);
    }
    smallest
}

/// JavaScript's `\s`: whitespace and line terminators (with U+FEFF, without U+0085).
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Builds the attributes with `url`, which builds one URL from options (signed ones at one
/// instant for every candidate).
pub(crate) fn attributes<E>(
    opts: &UrlOptions<'_>,
    responsive: &Responsive<'_>,
    mut url: impl FnMut(&UrlOptions<'_>) -> Result<String, E>,
) -> Result<ResponsiveImage, E> {
    // The user's steps and a last one: `w-<width>,c-at_max` (`c-at_max` alone without a width).
    let mut candidate = |width: Option<u32>| {
        let mut steps: Vec<Vec<Transform<'_>>> = (0..opts.transformation.len())
            .filter_map(|i| opts.transformation.get(i).map(<[Transform<'_>]>::to_vec))
            .collect();
        let crop = Transform::Crop(Crop::AtMax);
        steps.push(match width {
            Some(w) => vec![Transform::width(w), crop],
            None => vec![crop],
        });
        url(&UrlOptions {
            transformation: steps.into(),
            ..opts.clone()
        })
    };
    let (src_set, largest, descriptor_w) = match candidates(responsive) {
        Candidates::Widths(widths) => {
            let set = widths
                .iter()
                .map(|&w| Ok(format!("{} {w}w", candidate(Some(w))?)))
                .collect::<Result<Vec<_>, E>>()?;
            (set, widths.last().copied(), true)
        }
        Candidates::Densities(widths) => {
            let set = widths
                .iter()
                .enumerate()
                .map(|(i, &w)| Ok(format!("{} {}x", candidate(w)?, i + 1)))
                .collect::<Result<Vec<_>, E>>()?;
            (set, widths.last().copied().flatten(), false)
        }
    };
    let sizes = match responsive.sizes {
        Some(sizes) => sizes,
        None if descriptor_w => "100vw",
        None => "",
    };
    Ok(ResponsiveImage {
        src: candidate(largest)?,
        src_set: (!src_set.is_empty()).then(|| src_set.join(", ")),
        sizes: (!sizes.is_empty()).then(|| sizes.to_string()),
        width: responsive.width,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vw_tokens_are_found_as_the_js_sdk_finds_them() {
        assert_eq!(smallest_vw("(max-width: 600px) 100vw, 50vw"), Some(50));
        assert_eq!(smallest_vw("\t50vw"), Some(50));
        assert_eq!(smallest_vw("1000vw 150vw"), Some(150));
        assert_eq!(smallest_vw("250vw 1vw"), Some(1));
        assert_eq!(smallest_vw("calc(100vw - 10px)"), None);
        assert_eq!(smallest_vw("33.3vw"), None);
        assert_eq!(smallest_vw("100px"), None);
        assert_eq!(smallest_vw("0vw"), Some(0));
    }
}
