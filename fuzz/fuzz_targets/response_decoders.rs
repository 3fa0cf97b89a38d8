//! Every response decoder from arbitrary bytes: the body is decoded as an
//! `http::Response<Bytes>` with status 200, 207 or 400 (chosen by the first byte) through
//! `Operation::parse` of representative operations, which also covers `imagekit::Error` for
//! error bodies. Any input must give a value or an error, never a panic.
#![no_main]

use bytes::Bytes;
use http::{Response, StatusCode};
use imagekit::api::analytics::GetUsageAnalytics;
use imagekit::api::custom_metadata::ListCustomMetadataFields;
use imagekit::api::files::{BulkFileDelete, GetFileDetails, ListFiles};
use imagekit::api::metadata::GetFileMetadata;
use imagekit::api::upload::{UploadFile, UploadSource};
use imagekit::api::usage::GetUsage;
use imagekit::api::Operation;
use imagekit::Error;
use libfuzzer_sys::fuzz_target;

fn response(status: StatusCode, body: &Bytes, json: bool) -> Response<Bytes> {
    let mut builder = Response::builder()
        .status(status)
        .header("x-ik-requestid", "fuzz-request");
    if json {
        builder = builder.header("content-type", "application/json");
    }
    builder.body(body.clone()).expect("a valid response")
}

fn check<O: Operation>(op: &O, status: StatusCode, body: &Bytes, json: bool)
where
    O::Output: core::fmt::Debug,
{
    match op.parse(response(status, body, json)) {
        Ok(value) => {
            let _ = format!("{value:?}");
        }
        Err(e) => inspect(&e),
    }
}

fn inspect(e: &Error) {
    let _ = e.to_string();
    let _ = format!("{e:?}");
    let _ = (
        e.status(),
        e.message(),
        e.help(),
        e.request_id(),
        e.rate_limit(),
    );
    let _ = (
        e.is_not_found(),
        e.is_conflict(),
        e.is_rate_limited(),
        e.is_decode(),
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let status = match selector % 3 {
        0 => StatusCode::OK,
        1 => StatusCode::MULTI_STATUS,
        _ => StatusCode::BAD_REQUEST,
    };
    let json = selector & 0x80 == 0;
    let body = Bytes::copy_from_slice(rest);

    check(&ListFiles::new(), status, &body, json);
    check(&GetFileDetails::new("file_id"), status, &body, json);
    check(&BulkFileDelete::new(["a", "b"]), status, &body, json);
    check(
        &UploadFile::new(UploadSource::bytes(Bytes::from_static(b"x")), "x.bin"),
        status,
        &body,
        json,
    );
    check(&GetFileMetadata::new("file_id"), status, &body, json);
    check(&ListCustomMetadataFields::new(), status, &body, json);
    check(
        &GetUsage::new("2024-01-01", "2024-01-31"),
        status,
        &body,
        json,
    );
    check(
        &GetUsageAnalytics::new("2024-01-01", "2024-01-31"),
        status,
        &body,
        json,
    );
});
