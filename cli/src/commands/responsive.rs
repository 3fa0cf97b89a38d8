//! `responsive`: the attributes of a responsive `<img>` (`src`, `srcSet`, `sizes`, `width`) as
//! `getResponsiveImageAttributes` of `@imagekit/javascript` gives them, as one JSON object.

use clap::Args;
use imagekit::{ImageKit, Responsive};

use super::url::UrlFlags;
use crate::output::{print_json, CmdResult};

#[derive(Args)]
pub(crate) struct ResponsiveArgs {
    /// A path under the endpoint, or a complete http(s) URL.
    path_or_src: String,
    /// The width the image is shown at, in CSS pixels: the candidates are the breakpoints
    /// nearest above 1× and 2× it (`1x`, `2x`).
    #[arg(long, value_name = "N")]
    width: Option<u32>,
    /// The `sizes` attribute, e.g. '(max-width: 600px) 100vw, 50vw': the candidates are the
    /// breakpoints from its smallest `vw` share of the smallest screen on (`640w`…).
    #[arg(long, value_name = "S")]
    sizes: Option<String>,
    /// Screen widths (default: 640,750,828,1080,1200,1920,2048,3840).
    #[arg(long, value_delimiter = ',', value_name = "W,W,…")]
    device_breakpoints: Option<Vec<u32>>,
    /// Image widths below the smallest screen (default: 16,32,48,64,96,128,256,384).
    #[arg(long, value_delimiter = ',', value_name = "W,W,…")]
    image_breakpoints: Option<Vec<u32>>,
    #[command(flatten)]
    flags: UrlFlags,
}

/// `responsive`: `{"src", "srcSet", "sizes", "width"}`, leaving out the keys that have no value
/// (as the JS SDK does).
pub(crate) fn responsive(ik: &ImageKit, args: &ResponsiveArgs) -> CmdResult {
    let responsive = Responsive {
        width: args.width,
        sizes: args.sizes.as_deref(),
        device_breakpoints: args.device_breakpoints.as_deref(),
        image_breakpoints: args.image_breakpoints.as_deref(),
    };
    let image = args.flags.with_options(&args.path_or_src, |opts| {
        ik.responsive_image(opts, &responsive)
    })?;
    print_json(&image)
}
