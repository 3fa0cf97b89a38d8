//! The multipart encoding of uploads, parsed back by `multer`.

use bytes::Bytes;
use futures_lite::future::block_on;
use imagekit::api::upload::{UploadFile, UploadOptions, UploadSource};
use imagekit::api::Operation;
use proptest::prelude::*;

use super::{client, config};

fn upload_options() -> impl Strategy<Value = UploadOptions> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of(prop::collection::vec("[a-zA-Z0-9 _é-]{1,6}", 0..4)),
        prop::option::of("[ -~é日\r\n]{0,12}"),
        prop::option::of(any::<bool>()),
        prop::option::of("[ -~\r\n]{0,12}"),
        prop::option::of("[0-9,]{0,10}"),
    )
        .prop_map(|(unique, tags, folder, private, description, coords)| {
            let mut o = UploadOptions::new();
            if let Some(u) = unique {
                o = o.use_unique_file_name(u);
            }
            if let Some(t) = tags {
                o = o.tags(t);
            }
            if let Some(f) = folder {
                o = o.folder(f);
            }
            if let Some(p) = private {
                o = o.is_private_file(p);
            }
            if let Some(d) = description {
                o = o.description(d);
            }
            if let Some(c) = coords {
                o = o.custom_coordinates(c);
            }
            o
        })
}

/// The text fields an upload should carry, in order.
fn expected_fields(file_name: &str, o: &UploadOptions) -> Vec<(String, String)> {
    let mut fields = vec![("fileName".to_string(), file_name.to_string())];
    let mut push = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            fields.push((name.to_string(), v));
        }
    };
    push(
        "useUniqueFileName",
        o.use_unique_file_name.map(|b| b.to_string()),
    );
    push("tags", o.tags.as_ref().map(|t| t.join(",")));
    push("folder", o.folder.clone());
    push("isPrivateFile", o.is_private_file.map(|b| b.to_string()));
    push("customCoordinates", o.custom_coordinates.clone());
    push("description", o.description.clone());
    fields
}

/// A name or filename as the form writes it in a quoted header parameter (as browsers do).
fn browser_quoted(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// (name, filename, bytes) of every part, read by `multer`.
fn parse_multipart(content_type: &str, body: Bytes) -> Vec<(String, Option<String>, Bytes)> {
    let boundary = multer::parse_boundary(content_type).unwrap();
    let stream = futures_lite::stream::once(Ok::<_, std::io::Error>(body));
    let mut multipart = multer::Multipart::new(stream, boundary);
    block_on(async {
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.unwrap() {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes = field.bytes().await.unwrap();
            parts.push((name, file_name, bytes));
        }
        parts
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// The upload's multipart body, parsed back by `multer`, holds the same fields in order and
    /// the file's exact bytes.
    #[test]
    fn multipart_uploads_parse_back(
        data in prop::collection::vec(any::<u8>(), 0..2048),
        boundary_like in any::<bool>(),
        file_name in "[a-zA-Z0-9 ._é日\"-]{1,12}",
        options in upload_options(),
    ) {
        let mut data = data;
        if boundary_like {
            // The body holds what looks like a boundary.
            data.extend_from_slice(b"\r\n--imagekit-\r\n--");
        }
        let ik = client().with_public_key("public_key_test");
        let upload = UploadFile::new(UploadSource::bytes(data.clone()), file_name.clone())
            .options(options.clone());
        let request = Operation::request(&upload, ik.api()).unwrap();
        let content_type = request.headers()[http::header::CONTENT_TYPE].to_str().unwrap().to_string();
        let body = request.body().to_bytes().unwrap();
        let parts = parse_multipart(&content_type, body);

        let (file, texts) = parts.split_last().unwrap();
        prop_assert_eq!(&file.0, "file");
        let quoted = browser_quoted(&file_name);
        prop_assert_eq!(file.1.as_deref(), Some(quoted.as_str()));
        prop_assert_eq!(&file.2[..], &data[..]);
        let texts: Vec<(String, String)> = texts
            .iter()
            .map(|(n, f, b)| {
                assert!(f.is_none(), "text part {n} has a filename");
                (n.clone(), String::from_utf8(b.to_vec()).unwrap())
            })
            .collect();
        prop_assert_eq!(texts, expected_fields(&file_name, &options));
    }
}
