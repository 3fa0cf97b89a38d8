//! `multipart/form-data`, both ways: the encoder uploads are sent with ([`Form`]: text and
//! in-memory parts, and streamed parts (files on disk, readers) read only as the body is
//! sent), and the parser that a
//! recorded request's `multipart_parts` and fixture replay read bodies back with (`parse`,
//! with the `test-util` feature).

use std::io::{self, Read};

use bytes::Bytes;

use super::{Body, BodySource};

#[cfg(any(test, feature = "test-util"))]
mod parse;
#[cfg(any(test, feature = "test-util"))]
pub(crate) use parse::parse_multipart;
#[cfg(any(test, feature = "test-util"))]
pub use parse::{MultipartError, MultipartPart};

/// A part's content.
pub(crate) enum Data {
    /// In memory.
    Bytes(Bytes),
    /// Streamed (a file on disk, a reader), read as it is sent.
    Stream(Box<dyn BodySource>),
}

struct Part {
    name: String,
    /// A file's name and media type.
    file: Option<(String, &'static str)>,
    data: Data,
}

/// A form being built.
pub(crate) struct Form {
    parts: Vec<Part>,
}

/// A body of in-memory stretches and streamed parts, opened anew for each attempt; its length
/// is known when every part's is.
struct Stream {
    segments: Vec<Data>,
    len: Option<u64>,
}

impl BodySource for Stream {
    fn len(&self) -> Option<u64> {
        self.len
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        let mut reader: Box<dyn Read + Send> = Box::new(io::empty());
        for segment in &self.segments {
            let next: Box<dyn Read + Send> = match segment {
                Data::Bytes(bytes) => Box::new(io::Cursor::new(bytes.clone())),
                Data::Stream(source) => source.open()?,
            };
            reader = Box::new(reader.chain(next));
        }
        Ok(reader)
    }
}

/// A `name` or `filename` in a quoted header parameter, as browsers write it.
fn quoted(value: &str) -> String {
    value
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

impl Form {
    /// An empty form.
    pub(crate) fn new() -> Self {
        Form { parts: Vec::new() }
    }

    /// Adds a text field.
    pub(crate) fn text(&mut self, name: &str, value: String) {
        self.parts.push(Part {
            name: name.to_string(),
            file: None,
            data: Data::Bytes(value.into()),
        });
    }

    /// Adds a file of media type `content_type` (a token of ours, not the caller's text).
    pub(crate) fn file(
        &mut self,
        name: &str,
        filename: &str,
        content_type: &'static str,
        data: Data,
    ) {
        self.parts.push(Part {
            name: name.to_string(),
            file: Some((filename.to_string(), content_type)),
            data,
        });
    }

    /// A boundary found in no in-memory part (a random UUID v4: a streamed file, which is not
    /// read here, holds it by chance with probability about 2^-122 per position).
    fn boundary(&self) -> String {
        loop {
            let boundary = format!("imagekit-{}", uuid::Uuid::new_v4().simple());
            let found = self.parts.iter().any(|part| {
                contains(part.name.as_bytes(), boundary.as_bytes())
                    || part
                        .file
                        .as_ref()
                        .is_some_and(|(f, _)| contains(f.as_bytes(), boundary.as_bytes()))
                    || matches!(&part.data, Data::Bytes(b) if contains(b, boundary.as_bytes()))
            });
            if !found {
                return boundary;
            }
        }
    }

    /// The `Content-Type` header (with the boundary) and the body: in memory, or a stream when
    /// a part is streamed (with a length when every streamed part has one).
    pub(crate) fn encode(self) -> (String, Body) {
        let boundary = self.boundary();
        let mut segments = Vec::new();
        let mut buf = Vec::new();
        let mut len = Some(0u64);
        for part in self.parts {
            buf.extend_from_slice(b"--");
            buf.extend_from_slice(boundary.as_bytes());
            buf.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            buf.extend_from_slice(quoted(&part.name).as_bytes());
            buf.push(b'"');
            if let Some((filename, content_type)) = &part.file {
                buf.extend_from_slice(b"; filename=\"");
                buf.extend_from_slice(quoted(filename).as_bytes());
                buf.extend_from_slice(b"\"\r\nContent-Type: ");
                buf.extend_from_slice(content_type.as_bytes());
            }
            buf.extend_from_slice(b"\r\n\r\n");
            match part.data {
                Data::Bytes(bytes) => buf.extend_from_slice(&bytes),
                Data::Stream(source) => {
                    len = len
                        .zip(source.len())
                        .map(|(len, n)| len + buf.len() as u64 + n);
                    segments.push(Data::Bytes(std::mem::take(&mut buf).into()));
                    segments.push(Data::Stream(source));
                }
            }
            buf.extend_from_slice(b"\r\n");
        }
        buf.extend_from_slice(b"--");
        buf.extend_from_slice(boundary.as_bytes());
        buf.extend_from_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={boundary}");
        if segments.is_empty() {
            return (content_type, Body::bytes(buf));
        }
        let len = len.map(|len| len + buf.len() as u64);
        segments.push(Data::Bytes(buf.into()));
        (content_type, Body::stream(Stream { segments, len }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::FileSource;

    #[test]
    fn the_boundary_avoids_in_memory_parts_and_names_are_escaped() {
        let mut form = Form::new();
        form.text("a", "imagekit-".repeat(3));
        form.file(
            "file",
            "x\"y\r\n.jpg",
            "image/jpeg",
            Data::Bytes(Bytes::from_static(b"\0\xff")),
        );
        let (content_type, body) = form.encode();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert_eq!(boundary.len(), "imagekit-".len() + 32);
        let bytes = body.as_bytes().unwrap();
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("filename=\"x%22y%0D%0A.jpg\""), "{text}");
        assert!(text.ends_with(&format!("\r\n--{boundary}--\r\n")));
        assert_eq!(text.matches(boundary).count(), 3);
        let parsed = parse_multipart(&content_type, bytes).unwrap();
        assert_eq!(parsed[1].filename.as_deref(), Some("x%22y%0D%0A.jpg"));
        assert_eq!(parsed[1].content_type.as_deref(), Some("image/jpeg"));
        assert_eq!(parsed[1].data.as_ref(), b"\0\xff");
    }

    #[test]
    fn a_file_part_is_streamed_with_its_length_and_checked_at_open() {
        let path = std::env::temp_dir().join(format!(
            "imagekit-multipart-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::write(&path, b"0123456789").unwrap();
        let mut form = Form::new();
        form.text("fileName", "a.bin".into());
        let source = Box::new(FileSource::new(&path).unwrap());
        form.file(
            "file",
            "a.bin",
            "application/octet-stream",
            Data::Stream(source),
        );
        let (_, body) = form.encode();
        assert!(body.as_bytes().is_none());
        let whole = body.to_bytes().unwrap();
        assert_eq!(body.len(), Some(whole.len() as u64));
        assert!(contains(&whole, b"\r\n\r\n0123456789\r\n--imagekit-"));
        // Read again from the start, for a retry.
        assert_eq!(body.to_bytes().unwrap(), whole);
        std::fs::write(&path, b"012").unwrap();
        assert!(body.to_bytes().is_err());
        std::fs::remove_file(&path).unwrap();
    }

    /// A source of unknown length (a reader).
    struct Unsized;

    impl BodySource for Unsized {
        fn len(&self) -> Option<u64> {
            None
        }

        fn open(&self) -> io::Result<Box<dyn Read + Send>> {
            Ok(Box::new(&b"unsized"[..]))
        }
    }

    #[test]
    fn a_part_of_unknown_length_makes_the_body_length_unknown() {
        let mut form = Form::new();
        form.text("fileName", "a.bin".into());
        form.file(
            "file",
            "a.bin",
            "application/octet-stream",
            Data::Stream(Box::new(Unsized)),
        );
        let (content_type, body) = form.encode();
        assert_eq!(body.len(), None);
        let whole = body.to_bytes().unwrap();
        let parsed = parse_multipart(&content_type, &whole).unwrap();
        assert_eq!(parsed[1].data.as_ref(), b"unsized");
    }
}
