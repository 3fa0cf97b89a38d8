//! An operation for the send loop's tests: what it sends matters less than whether it may be
//! repeated.

use bytes::Bytes;
use http::{Request, Response};

/// A GET that may repeat (`Repeat::Safe`), or an upload-like POST that may not.
pub(crate) struct Op(pub imagekit::Repeat);

impl imagekit::api::Operation for Op {
    type Output = serde_json::Value;

    fn request(
        &self,
        api: &imagekit::api::Api,
    ) -> Result<Request<imagekit::transport::Body>, imagekit::Error> {
        use imagekit::api::Host;
        match self.0 {
            imagekit::Repeat::Safe => api.empty(http::Method::GET, Host::Api, "/v1/files"),
            _ => api.json(
                http::Method::POST,
                Host::Upload,
                "/api/v1/files/upload",
                &serde_json::json!({"fileName": "a.jpg"}),
            ),
        }
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, imagekit::Error> {
        imagekit::api::parse_json(response)
    }

    fn repeat(&self) -> imagekit::Repeat {
        self.0
    }
}
