//! The file part's `Content-Type`, from the extension of its filename.

/// Extensions (lower case) and their media types: the images, videos, audio and documents
/// ImageKit takes. Anything else is `application/octet-stream`.
const TYPES: &[(&str, &str)] = &[
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("jpe", "image/jpeg"),
    ("jfif", "image/jpeg"),
    ("png", "image/png"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("heic", "image/heic"),
    ("heif", "image/heif"),
    ("svg", "image/svg+xml"),
    ("ico", "image/x-icon"),
    ("bmp", "image/bmp"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("psd", "image/vnd.adobe.photoshop"),
    ("mp4", "video/mp4"),
    ("m4v", "video/x-m4v"),
    ("webm", "video/webm"),
    ("mov", "video/quicktime"),
    ("mkv", "video/x-matroska"),
    ("avi", "video/x-msvideo"),
    ("mpeg", "video/mpeg"),
    ("mpg", "video/mpeg"),
    ("ogv", "video/ogg"),
    ("m3u8", "application/vnd.apple.mpegurl"),
    ("mpd", "application/dash+xml"),
    ("mp3", "audio/mpeg"),
    ("wav", "audio/wav"),
    ("ogg", "audio/ogg"),
    ("m4a", "audio/mp4"),
    ("pdf", "application/pdf"),
    ("json", "application/json"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    ("html", "text/html"),
    ("htm", "text/html"),
    ("css", "text/css"),
    ("js", "text/javascript"),
    ("mjs", "text/javascript"),
    ("xml", "application/xml"),
    ("zip", "application/zip"),
    ("woff", "font/woff"),
    ("woff2", "font/woff2"),
    ("ttf", "font/ttf"),
    ("otf", "font/otf"),
];

/// The media type of a file named `filename`, by its extension in any case (`a.JPG` is
/// `image/jpeg`); `application/octet-stream` for another extension or none.
pub(super) fn content_type(filename: &str) -> &'static str {
    let extension = match filename.rsplit_once('.') {
        Some((_, extension)) => extension,
        None => "",
    };
    TYPES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(extension))
        .map_or("application/octet-stream", |&(_, media_type)| media_type)
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn the_extension_names_the_type_in_any_case() {
        assert_eq!(content_type("a.jpg"), "image/jpeg");
        assert_eq!(content_type("photo.final.JPEG"), "image/jpeg");
        assert_eq!(content_type("clip.mov"), "video/quicktime");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("data.bin"), "application/octet-stream");
        assert_eq!(content_type("README"), "application/octet-stream");
        assert_eq!(content_type("trailing."), "application/octet-stream");
        assert_eq!(content_type(""), "application/octet-stream");
    }
}
