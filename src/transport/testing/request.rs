//! [`RecordedRequest`]: a request as a test transport got it, its body read into memory, with
//! helpers to read its headers, JSON, text and multipart parts.

use std::io;

use bytes::Bytes;
use http::header::{HeaderMap, CONTENT_TYPE};

use crate::transport::multipart::{parse_multipart, MultipartError, MultipartPart};
use crate::transport::Body;

/// A request as the transport got it, with its body read into memory.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    /// The method.
    pub method: http::Method,
    /// The URI.
    pub uri: http::Uri,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body (a streamed body is read to its end).
    pub body: Bytes,
}

impl RecordedRequest {
    /// Reads `request`, its body included (a stream is opened once and read fully).
    pub fn read(request: &http::Request<Body>) -> io::Result<Self> {
        Ok(RecordedRequest {
            method: request.method().clone(),
            uri: request.uri().clone(),
            headers: request.headers().clone(),
            body: request.body().to_bytes()?,
        })
    }

    /// The first value of header `name`, when it is present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON.
    pub fn body_json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::from_slice(&self.body)
    }

    /// The body as text, when it is UTF-8.
    pub fn body_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    /// The parts of a `multipart/form-data` body, in order, decoded with the boundary of the
    /// `Content-Type` header. Fails on a missing or other content type, a missing boundary,
    /// a part without a `form-data` `Content-Disposition` and a name, non-UTF-8 part headers,
    /// or a body that does not end with the closing delimiter.
    pub fn multipart_parts(&self) -> Result<Vec<MultipartPart>, MultipartError> {
        let content_type = self
            .headers
            .get(CONTENT_TYPE)
            .ok_or_else(|| MultipartError::new("no Content-Type header"))?;
        let content_type = std::str::from_utf8(content_type.as_bytes())
            .map_err(|_| MultipartError::new("the Content-Type header is not UTF-8"))?;
        parse_multipart(content_type, &self.body)
    }
}
