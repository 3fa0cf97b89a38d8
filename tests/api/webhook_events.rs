//! Typed webhook events: each of the 15 documented event types decoded from an example body
//! signed with our own signers (Standard Webhooks and the legacy `x-ik-signature`); ImageKit's
//! own signatures on real deliveries; unknown types kept raw; tampered, unsigned, expired and
//! unreadable requests refused; the client's secret and clock.
//!
//! Where the bodies come from:
//! - the three video events: deliveries ImageKit signed, in the test data of the
//!   `imagekit` npm package (imagekit-nodejs, tests/data/sample-webhook-requests.js), with
//!   their secrets and `x-ik-signature` headers; `video.transformation.accepted` also as in
//!   the unwrap test of `@imagekit/nodejs` 7.x (tests/api-resources/webhooks.test.ts);
//! - the four upload events: the example payloads of ImageKit's pre- and post-transformation
//!   docs (imagekitio/docs-keep-a-changelog, features/pre-post-transformation/
//!   pre-post-tr-webhook-events.md);
//! - the file, file-version and folder events: no SDK or doc has an example, so they are
//!   written from the `imagekitio` 5.11 types (types/file_create_event.py … folder.py,
//!   file.py), with values in the form the API answers.

use http::{HeaderMap, HeaderValue, Request};
use imagekit::api::upload::PostTransformationType;
use imagekit::api::AssetType;
use imagekit::events::{FailureReason, VideoTransformationType};
use imagekit::{
    sign_legacy_webhook, sign_webhook, webhook_event, ImageKit, WebhookError, WebhookEvent,
};

const SECRET: &str = "whsec_dGVzdHNlY3JldA==";
const NOW: u64 = 1_700_000_000;

/// Headers of a Standard Webhooks delivery of `body` signed with `secret` at `NOW`.
fn standard_headers(secret: &str, body: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        "webhook-id",
        HeaderValue::from_static("msg_2Lh9KJtqcNxW3Y0s"),
    );
    headers.insert("webhook-timestamp", NOW.to_string().parse().unwrap());
    let signature = sign_webhook(secret, "msg_2Lh9KJtqcNxW3Y0s", NOW, body);
    headers.insert("webhook-signature", signature.parse().unwrap());
    headers
}

/// Headers of a legacy delivery of `body` signed with `secret` at `NOW`.
fn legacy_headers(secret: &str, body: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let signature = sign_legacy_webhook(secret, NOW * 1000, body);
    headers.insert("x-ik-signature", signature.parse().unwrap());
    headers
}

/// `body` signed with each scheme and read back: both give the same event, which is returned.
fn decode_signed(body: &str) -> WebhookEvent {
    let body = body.as_bytes();
    let standard = webhook_event(SECRET, &standard_headers(SECRET, body), body, NOW + 5);
    let legacy = webhook_event(SECRET, &legacy_headers(SECRET, body), body, NOW + 5);
    let standard = standard.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(legacy, Ok(standard.clone()));
    standard
}

const FILE_CREATED: &str = r#"{"type":"file.created","id":"2e3c4a9f-5a1b-4a8e-9a4f-7f0b9f3b1c01","created_at":"2025-06-02T10:15:30.120Z","data":{"fileId":"6540dbea002322e4ebe30de2","type":"file","name":"dress_iEyH1dQme.jpg","filePath":"/products/dress_iEyH1dQme.jpg","tags":["summer","dress"],"AITags":[{"name":"Dress","confidence":96.5,"source":"google-auto-tagging"}],"versionInfo":{"id":"6540dbea002322e4ebe30de2","name":"Version 1"},"isPrivateFile":false,"isPublished":true,"customCoordinates":null,"url":"https://ik.imagekit.io/demo/products/dress_iEyH1dQme.jpg","thumbnail":"https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/products/dress_iEyH1dQme.jpg","fileType":"image","mime":"image/jpeg","width":3456,"height":4608,"size":2300818,"hasAlpha":false,"customMetadata":{"brand":"Acme"},"description":"A summer dress","createdAt":"2025-06-02T10:15:29.000Z","updatedAt":"2025-06-02T10:15:29.000Z"}}"#;

#[test]
fn file_created() {
    let WebhookEvent::FileCreated(event) = decode_signed(FILE_CREATED) else {
        panic!("not file.created")
    };
    assert_eq!(event.id, "2e3c4a9f-5a1b-4a8e-9a4f-7f0b9f3b1c01");
    assert_eq!(event.created_at, "2025-06-02T10:15:30.120Z");
    assert_eq!(event.data.file_id, "6540dbea002322e4ebe30de2");
    assert_eq!(event.data.asset_type, Some(AssetType::File));
    assert_eq!(event.data.file_path, "/products/dress_iEyH1dQme.jpg");
    assert_eq!(event.data.ai_tags.as_ref().unwrap()[0].name, "Dress");
    assert_eq!(event.data.width, Some(3456));
    assert_eq!(
        event.data.custom_metadata.as_ref().unwrap()["brand"],
        "Acme"
    );
    // File events come without a request.
    assert!(event.request.is_null());
    assert!(event.extra.is_empty(), "{:?}", event.extra);
}

#[test]
fn file_updated() {
    let body = FILE_CREATED
        .replace("file.created", "file.updated")
        .replace(r#""tags":["summer","dress"]"#, r#""tags":["sale"]"#);
    let WebhookEvent::FileUpdated(event) = decode_signed(&body) else {
        panic!("not file.updated")
    };
    assert_eq!(event.data.tags, Some(vec!["sale".to_string()]));
    assert_eq!(event.data.description.as_deref(), Some("A summer dress"));
}

#[test]
fn file_deleted() {
    let body = r#"{"type":"file.deleted","id":"a1f0c6de-4b61-4f0e-b0a5-8d0c0f1c2d03","created_at":"2025-06-02T11:00:00.000Z","data":{"fileId":"6540dbea002322e4ebe30de2"}}"#;
    let WebhookEvent::FileDeleted(event) = decode_signed(body) else {
        panic!("not file.deleted")
    };
    assert_eq!(event.data.file_id, "6540dbea002322e4ebe30de2");
}

#[test]
fn file_version_created() {
    let body = FILE_CREATED
        .replace("file.created", "file-version.created")
        .replace(r#""type":"file""#, r#""type":"file-version""#)
        .replace(
            r#""versionInfo":{"id":"6540dbea002322e4ebe30de2","name":"Version 1"}"#,
            r#""versionInfo":{"id":"6541a0c2002322e4ebe31f00","name":"Version 2"}"#,
        );
    let WebhookEvent::FileVersionCreated(event) = decode_signed(&body) else {
        panic!("not file-version.created")
    };
    assert_eq!(event.data.asset_type, Some(AssetType::FileVersion));
    let version = event.data.version_info.unwrap();
    assert_eq!(version.id.as_deref(), Some("6541a0c2002322e4ebe31f00"));
    assert_eq!(version.name.as_deref(), Some("Version 2"));
}

#[test]
fn file_version_deleted() {
    let body = r#"{"type":"file-version.deleted","id":"c3d1e2f4-0000-4c5d-9e8f-112233445566","created_at":"2025-06-02T11:05:00.000Z","data":{"fileId":"6540dbea002322e4ebe30de2","versionId":"6541a0c2002322e4ebe31f00"}}"#;
    let WebhookEvent::FileVersionDeleted(event) = decode_signed(body) else {
        panic!("not file-version.deleted")
    };
    assert_eq!(event.data.file_id, "6540dbea002322e4ebe30de2");
    assert_eq!(event.data.version_id, "6541a0c2002322e4ebe31f00");
}

const FOLDER_CREATED: &str = r#"{"type":"folder.created","id":"f7a8b9c0-1d2e-4f30-8a9b-0c1d2e3f4a5b","created_at":"2025-06-02T12:00:00.000Z","data":{"type":"folder","folderId":"6542b1d3002322e4ebe32a11","name":"summer","folderPath":"/products/summer","customMetadata":{},"createdBy":{"name":"Jane","email":"jane@example.com"},"createdAt":"2025-06-02T11:59:59.000Z","updatedAt":"2025-06-02T11:59:59.000Z"}}"#;

#[test]
fn folder_created() {
    let WebhookEvent::FolderCreated(event) = decode_signed(FOLDER_CREATED) else {
        panic!("not folder.created")
    };
    assert_eq!(event.data.folder_id, "6542b1d3002322e4ebe32a11");
    assert_eq!(event.data.folder_path, "/products/summer");
    // Fields the folder type does not have are kept.
    assert_eq!(event.data.extra["createdBy"]["name"], "Jane");
}

#[test]
fn folder_updated() {
    let body = FOLDER_CREATED
        .replace("folder.created", "folder.updated")
        .replace(
            r#""customMetadata":{}"#,
            r#""customMetadata":{"season":"2025"}"#,
        );
    let WebhookEvent::FolderUpdated(event) = decode_signed(&body) else {
        panic!("not folder.updated")
    };
    assert_eq!(event.data.custom_metadata.unwrap()["season"], "2025");
}

#[test]
fn folder_deleted() {
    let body = r#"{"type":"folder.deleted","id":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","created_at":"2025-06-02T12:30:00.000Z","data":{"folderId":"6542b1d3002322e4ebe32a11"}}"#;
    let WebhookEvent::FolderDeleted(event) = decode_signed(body) else {
        panic!("not folder.deleted")
    };
    assert_eq!(event.data.folder_id, "6542b1d3002322e4ebe32a11");
}

#[test]
fn upload_pre_transform_success() {
    let body = r#"{
  "type": "upload.pre-transform.success",
  "id": "c9a09db9-b5e2-49ed-ac2d-dfac88a6457a",
  "created_at": "2023-10-30T14:44:08.165Z",
  "request": {
    "x_request_id": "1bfe7bb6-afb3-4ccf-81f2-6bef7dae48e9",
    "transformation": "rt-90"
  },
  "data": {
    "fileId": "6540dbea002322e4ebe30de2",
    "name": "image_iEyH1dQme.jpg",
    "size": 2300818,
    "versionInfo": {
      "id": "6540dbea002322e4ebe30de2",
      "name": "Version 1"
    },
    "filePath": "/image_iEyH1dQme.jpg",
    "url": "https://stage-ik.imagekit.io/demo/image_iEyH1dQme.jpg",
    "fileType": "image",
    "height": 4608,
    "width": 3456,
    "thumbnailUrl": "https://stage-ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/image_iEyH1dQme.jpg",
    "AITags": null
  }
}"#;
    let WebhookEvent::UploadPreTransformSuccess(event) = decode_signed(body) else {
        panic!("not upload.pre-transform.success")
    };
    assert_eq!(event.request.transformation, "rt-90");
    assert_eq!(
        event.request.x_request_id,
        "1bfe7bb6-afb3-4ccf-81f2-6bef7dae48e9"
    );
    assert_eq!(event.data.file_id, "6540dbea002322e4ebe30de2");
    assert_eq!(event.data.size, Some(2300818));
    assert_eq!(
        event.data.thumbnail_url.as_deref(),
        Some("https://stage-ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/image_iEyH1dQme.jpg")
    );
    assert_eq!(event.data.ai_tags, None);
}

#[test]
fn upload_pre_transform_error() {
    let body = r#"{
  "type": "upload.pre-transform.error",
  "id": "502d1c52-e750-4277-8b64-52d43c2ec022",
  "created_at": "2023-10-31T13:49:28.046Z",
  "request": {
    "x_request_id": "722809dc-d6b7-4357-9262-74cdce554350",
    "transformation": "so-70"
  },
  "data": {
    "name": "vid_aKyz6pCpi.mp4",
    "path": "/myfolder/vid_aKyz6pCpi.mp4",
    "transformation": {
      "error": {
        "reason": "encoding_failed"
      }
    }
  }
}"#;
    let WebhookEvent::UploadPreTransformError(event) = decode_signed(body) else {
        panic!("not upload.pre-transform.error")
    };
    assert_eq!(event.request.transformation, "so-70");
    assert_eq!(event.data.name, "vid_aKyz6pCpi.mp4");
    assert_eq!(event.data.path, "/myfolder/vid_aKyz6pCpi.mp4");
    assert_eq!(event.data.file_id, None);
    assert_eq!(
        event.data.transformation.error.reason,
        FailureReason::EncodingFailed
    );
}

#[test]
fn upload_post_transform_success() {
    let body = r#"{
  "type": "upload.post-transform.success",
  "id": "08c12452-1efb-4c35-a28d-378c94e5674b",
  "created_at": "2023-10-30T15:04:59.462Z",
  "request": {
    "x_request_id": "0658b87f-bce3-41ae-8075-ebc26f44ff30",
    "transformation": {
      "type": "transformation",
      "value": "rt-90"
    }
  },
  "data": {
    "fileId": "653fc60e002322e4ebd5b5b7",
    "url": "http://stage-ik.imagekit.io/demo/video_wCqv9BewP.mp4?tr=rt-90",
    "name": "video_wCqv9BewP.mp4"
  }
}"#;
    let WebhookEvent::UploadPostTransformSuccess(event) = decode_signed(body) else {
        panic!("not upload.post-transform.success")
    };
    let requested = event.request.transformation.unwrap();
    assert_eq!(requested.kind, PostTransformationType::Transformation);
    assert_eq!(requested.value.as_deref(), Some("rt-90"));
    assert_eq!(event.data.file_id, "653fc60e002322e4ebd5b5b7");
    assert_eq!(
        event.data.url,
        "http://stage-ik.imagekit.io/demo/video_wCqv9BewP.mp4?tr=rt-90"
    );
}

#[test]
fn upload_post_transform_error() {
    let body = r#"{
  "type": "upload.post-transform.error",
  "id": "738f13b0-05e9-40cd-a856-8cc3e48b6e94",
  "created_at": "2023-10-31T13:51:10.627Z",
  "request": {
    "x_request_id": "49022ce9-e532-4a6c-8321-52925d519eec",
    "transformation": {
      "type": "transformation",
      "value": "so-70"
    }
  },
  "data": {
    "fileId": "65410644002322e4ebe6c880",
    "url": "http://stage-ik.imagekit.io/demo/vid_93HC1Daow.mp4?tr=so-70",
    "name": "vid_93HC1Daow.mp4",
    "path": "/vid_93HC1Daow.mp4",
    "transformation": {
      "error": {
        "reason": "encoding_failed"
      }
    }
  }
}"#;
    let WebhookEvent::UploadPostTransformError(event) = decode_signed(body) else {
        panic!("not upload.post-transform.error")
    };
    assert_eq!(
        event.request.x_request_id,
        "49022ce9-e532-4a6c-8321-52925d519eec"
    );
    assert_eq!(
        event.data.file_id.as_deref(),
        Some("65410644002322e4ebe6c880")
    );
    assert_eq!(
        event.data.url.as_deref(),
        Some("http://stage-ik.imagekit.io/demo/vid_93HC1Daow.mp4?tr=so-70")
    );
    assert_eq!(
        event.data.transformation.error.reason,
        FailureReason::EncodingFailed
    );
}

/// A delivery ImageKit made: its secret, `x-ik-signature` and body (imagekit-nodejs test data).
struct Delivery {
    secret: &'static str,
    signature: &'static str,
    body: &'static str,
}

const VIDEO_ACCEPTED: Delivery = Delivery {
    secret: "9rK6+3jL",
    signature:
        "t=1655788406333,v1=c960ec1a88aa47c43ea2451670263aed5e27be2cc85ef55e8a69e88bc8afaf02",
    body: r#"{"type":"video.transformation.accepted","id":"58e6d24d-6098-4319-be8d-40c3cb0a402d","created_at":"2022-06-20T11:59:58.461Z","request":{"x_request_id":"fa98fa2e-d6cd-45b4-acf5-bc1d2bbb8ba9","url":"http://ik.imagekit.io/demo/sample-video.mp4?tr=f-webm,q-10","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:101.0) Gecko/20100101 Firefox/101.0"},"data":{"asset":{"url":"http://ik.imagekit.io/demo/sample-video.mp4"},"transformation":{"type":"video-transformation","options":{"video_codec":"vp9","audio_codec":"opus","auto_rotate":true,"quality":10,"format":"webm"}}}}"#,
};

const VIDEO_READY: Delivery = Delivery {
    secret: "wSU42WLC",
    signature:
        "t=1655788407000,v1=d66b01d8f1e158d1af7646184716037510ac8ce0a1e70b726a1b698f954785b2",
    body: r#"{"type":"video.transformation.ready","id":"a03031b5-ad5f-4985-8cf5-4de67630f6d7","created_at":"2022-06-20T12:00:11.703Z","request":{"x_request_id":"fa98fa2e-d6cd-45b4-acf5-bc1d2bbb8ba9","url":"http://ik.imagekit.io/demo/sample-video.mp4?tr=f-webm,q-10","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:101.0) Gecko/20100101 Firefox/101.0"},"timings":{"download_duration":2713,"encoding_duration":10175},"data":{"asset":{"url":"http://ik.imagekit.io/demo/sample-video.mp4"},"transformation":{"type":"video-transformation","options":{"video_codec":"vp9","audio_codec":"opus","auto_rotate":true,"quality":10,"format":"webm"},"output":{"url":"http://ik.imagekit.io/demo/sample-video.mp4?tr=f-webm,q-10","video_metadata":{"duration":15.023,"width":1280,"height":720,"bitrate":15.023}}}}}"#,
};

const VIDEO_ERROR: Delivery = Delivery {
    secret: "bzDIb9L/",
    signature:
        "t=1655795539264,v1=b6bc2aa82491c32f1cbef0eb52b7ffaa51467ea65a03b5d4ccdcfb9e0941c946",
    body: r#"{"type":"video.transformation.error","request":{"x_request_id":"f005b939-7ca3-4310-9e1e-009239b3616b","url":"http://ik.imagekit.io/demo/sample-video.mp4?tr=l-image,i-nonexistent.png,l-end","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:101.0) Gecko/20100101 Firefox/101.0"},"id":"293a65c6-ceb4-4b62-a10b-5f3333860fae","created_at":"2022-06-20T12:14:02.353Z","data":{"asset":{"url":"http://ik.imagekit.io/demo/sample-video.mp4"},"transformation":{"type":"video-transformation","options":{"video_codec":"vp9","audio_codec":"opus","auto_rotate":true,"quality":50,"format":"webm"},"error":{"reason":"download_failed"}}}}"#,
};

#[test]
fn imagekit_signed_deliveries_verify_and_decode() {
    for delivery in [VIDEO_ACCEPTED, VIDEO_READY, VIDEO_ERROR] {
        let mut headers = HeaderMap::new();
        headers.insert("x-ik-signature", delivery.signature.parse().unwrap());
        let body = delivery.body.as_bytes();
        // The time of the delivery: `t` in whole seconds.
        let t_ms: u64 = delivery.signature[2..15].parse().unwrap();
        let event = webhook_event(delivery.secret, &headers, body, t_ms / 1000);
        assert_eq!(event, Ok(decode_signed(delivery.body)));
        // Another secret, or a day later, is refused.
        let other = webhook_event("whsec_other", &headers, body, t_ms / 1000);
        assert_eq!(other, Err(WebhookError::NoMatchingSignature));
        let late = webhook_event(delivery.secret, &headers, body, t_ms / 1000 + 86_400);
        assert_eq!(late, Err(WebhookError::Expired));
    }
}

#[test]
fn video_transformation_accepted() {
    let WebhookEvent::VideoTransformationAccepted(event) = decode_signed(VIDEO_ACCEPTED.body)
    else {
        panic!("not video.transformation.accepted")
    };
    assert_eq!(event.id, "58e6d24d-6098-4319-be8d-40c3cb0a402d");
    assert_eq!(
        event.request.url,
        "http://ik.imagekit.io/demo/sample-video.mp4?tr=f-webm,q-10"
    );
    assert!(event.request.user_agent.unwrap().starts_with("Mozilla/5.0"));
    assert_eq!(
        event.data.asset.url,
        "http://ik.imagekit.io/demo/sample-video.mp4"
    );
    let transformation = event.data.transformation;
    assert_eq!(
        transformation.kind,
        VideoTransformationType::VideoTransformation
    );
    let options = transformation.options.unwrap();
    assert_eq!(options.video_codec.as_deref(), Some("vp9"));
    assert_eq!(options.audio_codec.as_deref(), Some("opus"));
    assert_eq!(options.auto_rotate, Some(true));
    assert_eq!(options.quality, Some(10.0));
    assert_eq!(options.format.as_deref(), Some("webm"));
    assert_eq!(transformation.output, None);
    assert_eq!(transformation.error, None);
}

#[test]
fn video_transformation_accepted_as_in_the_sdk_test() {
    // The body of @imagekit/nodejs's unwrap test: every option, HLS streaming.
    let body = r#"{"id":"id","type":"video.transformation.accepted","created_at":"2019-12-27T18:11:19.117Z","data":{"asset":{"url":"https://example.com"},"transformation":{"type":"video-transformation","options":{"audio_codec":"aac","auto_rotate":true,"format":"mp4","quality":0,"stream_protocol":"HLS","variants":["string"],"video_codec":"h264"}}},"request":{"url":"https://example.com","x_request_id":"x_request_id","user_agent":"user_agent"}}"#;
    let WebhookEvent::VideoTransformationAccepted(event) = decode_signed(body) else {
        panic!("not video.transformation.accepted")
    };
    let options = event.data.transformation.options.unwrap();
    assert_eq!(options.stream_protocol.as_deref(), Some("HLS"));
    assert_eq!(options.variants, Some(vec!["string".to_string()]));
    assert_eq!(event.request.x_request_id, "x_request_id");
}

#[test]
fn video_transformation_ready() {
    let WebhookEvent::VideoTransformationReady(ready) = decode_signed(VIDEO_READY.body) else {
        panic!("not video.transformation.ready")
    };
    let timings = ready.timings.unwrap();
    assert_eq!(timings.download_duration, Some(2713.0));
    assert_eq!(timings.encoding_duration, Some(10175.0));
    // `timings` is read once, not also kept as an unknown field.
    assert!(ready.event.extra.is_empty(), "{:?}", ready.event.extra);
    let output = ready.event.data.transformation.output.unwrap();
    assert_eq!(
        output.url,
        "http://ik.imagekit.io/demo/sample-video.mp4?tr=f-webm,q-10"
    );
    let metadata = output.video_metadata.unwrap();
    assert_eq!(metadata.duration, Some(15.023));
    assert_eq!(
        (metadata.width, metadata.height),
        (Some(1280.0), Some(720.0))
    );
    // ImageKit sent a fraction where its SDKs' types say integer.
    assert_eq!(metadata.bitrate, Some(15.023));
}

#[test]
fn video_transformation_error() {
    let WebhookEvent::VideoTransformationError(event) = decode_signed(VIDEO_ERROR.body) else {
        panic!("not video.transformation.error")
    };
    assert_eq!(event.id, "293a65c6-ceb4-4b62-a10b-5f3333860fae");
    let error = event.data.transformation.error.unwrap();
    assert_eq!(error.reason, FailureReason::DownloadFailed);
    assert_eq!(
        event.data.transformation.options.unwrap().quality,
        Some(50.0)
    );
}

#[test]
fn type_name_and_id_are_the_bodys() {
    let bodies = [
        FILE_CREATED.to_string(),
        FOLDER_CREATED.to_string(),
        VIDEO_ACCEPTED.body.to_string(),
        VIDEO_READY.body.to_string(),
        VIDEO_ERROR.body.to_string(),
    ];
    for body in bodies {
        let event = decode_signed(&body);
        let raw: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(event.type_name(), raw["type"]);
        assert_eq!(event.id(), raw["id"].as_str());
        assert!(!matches!(event, WebhookEvent::Unknown { .. }), "{event:?}");
    }
}

#[test]
fn an_unknown_type_is_kept_raw() {
    let body = r#"{"type":"asset.teleported","id":"evt_42","created_at":"2030-01-01T00:00:00.000Z","data":{"to":"mars","fileId":7}}"#;
    let event = decode_signed(body);
    assert_eq!(event.type_name(), "asset.teleported");
    assert_eq!(event.id(), Some("evt_42"));
    let WebhookEvent::Unknown { type_name, raw } = event else {
        panic!("{event:?}")
    };
    assert_eq!(type_name, "asset.teleported");
    assert_eq!(
        raw,
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );
    // Without an id too.
    let event = decode_signed(r#"{"type":"asset.teleported"}"#);
    assert_eq!(event.id(), None);
}

#[test]
fn a_tampered_body_is_refused() {
    let body = VIDEO_READY.body.as_bytes();
    let tampered = VIDEO_READY.body.replace("f-webm,q-10", "f-webm,q-90");
    for headers in [standard_headers(SECRET, body), legacy_headers(SECRET, body)] {
        assert_eq!(
            webhook_event(SECRET, &headers, tampered.as_bytes(), NOW),
            Err(WebhookError::NoMatchingSignature)
        );
        // One byte appended.
        let mut longer = body.to_vec();
        longer.push(b' ');
        assert_eq!(
            webhook_event(SECRET, &headers, &longer, NOW),
            Err(WebhookError::NoMatchingSignature)
        );
        assert_eq!(
            webhook_event("whsec_dGVzdHNlY3JldB==", &headers, body, NOW),
            Err(WebhookError::NoMatchingSignature)
        );
        assert!(webhook_event(SECRET, &headers, body, NOW).is_ok());
    }
}

#[test]
fn missing_headers_are_named() {
    let body = FILE_CREATED.as_bytes();
    assert_eq!(
        webhook_event(SECRET, &HeaderMap::new(), body, NOW),
        Err(WebhookError::MissingSignature)
    );
    for (name, want) in [
        ("webhook-id", WebhookError::MissingHeader("webhook-id")),
        (
            "webhook-timestamp",
            WebhookError::MissingHeader("webhook-timestamp"),
        ),
    ] {
        let mut headers = standard_headers(SECRET, body);
        headers.remove(name);
        assert_eq!(webhook_event(SECRET, &headers, body, NOW), Err(want));
    }
    let mut headers = standard_headers(SECRET, body);
    headers.insert("webhook-signature", HeaderValue::from_static(""));
    assert_eq!(
        webhook_event(SECRET, &headers, body, NOW),
        Err(WebhookError::MissingHeader("webhook-signature"))
    );
    // A header that is not text is refused, not a panic.
    let mut headers = standard_headers(SECRET, body);
    headers.insert("webhook-id", HeaderValue::from_bytes(b"msg_\xff").unwrap());
    assert_eq!(
        webhook_event(SECRET, &headers, body, NOW),
        Err(WebhookError::Malformed(
            "a webhook header is not visible ASCII"
        ))
    );
}

#[test]
fn standard_webhooks_win_when_both_headers_come() {
    let body = FILE_CREATED.as_bytes();
    let mut headers = standard_headers(SECRET, body);
    headers.insert("x-ik-signature", HeaderValue::from_static("t=1,v1=00"));
    assert!(webhook_event(SECRET, &headers, body, NOW).is_ok());
    // A valid legacy signature does not rescue a bad Standard Webhooks one.
    let mut headers = legacy_headers(SECRET, body);
    headers.insert("webhook-id", HeaderValue::from_static("msg_1"));
    headers.insert("webhook-timestamp", NOW.to_string().parse().unwrap());
    headers.insert("webhook-signature", HeaderValue::from_static("v1,AAAA"));
    assert_eq!(
        webhook_event(SECRET, &headers, body, NOW),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn an_expired_timestamp_is_refused() {
    let body = FILE_CREATED.as_bytes();
    for headers in [standard_headers(SECRET, body), legacy_headers(SECRET, body)] {
        for now in [NOW + 301, NOW - 301] {
            assert_eq!(
                webhook_event(SECRET, &headers, body, now),
                Err(WebhookError::Expired)
            );
        }
        assert!(webhook_event(SECRET, &headers, body, NOW + 300).is_ok());
    }
}

#[test]
fn a_verified_body_that_is_not_an_event_is_refused() {
    for (body, want) in [
        ("not json", "expected ident"),
        ("[1,2]", "not a JSON object"),
        (r#"{"id":"evt_1"}"#, "no string `type`"),
        (r#"{"type":7}"#, "no string `type`"),
    ] {
        let headers = standard_headers(SECRET, body.as_bytes());
        let err = webhook_event(SECRET, &headers, body.as_bytes(), NOW).unwrap_err();
        assert!(
            matches!(&err, WebhookError::NotAnEvent(why) if why.contains(want)),
            "{err:?}"
        );
        assert!(err
            .to_string()
            .starts_with("the webhook body is not an event: "));
    }
}

#[test]
fn a_known_type_whose_payload_does_not_fit_names_the_type() {
    for (body, want) in [
        // No fileId: the one thing a handler of deletions needs.
        (
            r#"{"type":"file.deleted","id":"evt_1","data":{}}"#,
            "missing field `fileId`",
        ),
        (
            r#"{"type":"file.created","id":"evt_1","data":"6540dbea"}"#,
            "invalid type",
        ),
        (
            r#"{"type":"video.transformation.ready","id":"evt_1","data":{"asset":{"url":"u"}}}"#,
            "missing field `transformation`",
        ),
        (
            r#"{"type":"folder.created","data":{"folderId":"d_1"}}"#,
            "missing field `id`",
        ),
    ] {
        let headers = legacy_headers(SECRET, body.as_bytes());
        let err = webhook_event(SECRET, &headers, body.as_bytes(), NOW).unwrap_err();
        let WebhookError::BadPayload { event_type, reason } = &err else {
            panic!("{err:?}")
        };
        let raw: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(event_type, raw["type"].as_str().unwrap());
        assert!(reason.contains(want), "{reason}");
        assert!(err.to_string().contains(event_type.as_str()), "{err}");
    }
}

#[test]
fn the_client_verifies_with_its_secret_and_clock() {
    let body = FOLDER_CREATED.as_bytes();
    let ik = ImageKit::builder()
        .webhook_secret(SECRET)
        .clock(|| NOW + 60)
        .build()
        .unwrap();
    let headers = standard_headers(SECRET, body);
    let event = ik.webhook_event(&headers, body).unwrap();
    assert!(matches!(event, WebhookEvent::FolderCreated(_)));

    // A whole request, its body as the framework read it.
    let mut request = Request::new(bytes::Bytes::from_static(body));
    *request.headers_mut() = legacy_headers(SECRET, body);
    assert_eq!(ik.webhook_event_from_request(&request), Ok(event.clone()));

    // The client's clock decides what is too old.
    let later = ik.clone().with_clock(|| NOW + 301);
    assert_eq!(
        later.webhook_event(&headers, body),
        Err(WebhookError::Expired)
    );
    // Another secret set later replaces it.
    let other = ik.clone().with_webhook_secret("whsec_other");
    assert_eq!(
        other.webhook_event(&headers, body),
        Err(WebhookError::NoMatchingSignature)
    );
    // No secret at all.
    let none = ImageKit::builder().clock(|| NOW).build().unwrap();
    let err = none.webhook_event(&headers, body).unwrap_err();
    assert_eq!(err, WebhookError::MissingSecret);
    assert!(err.to_string().contains("with_webhook_secret"), "{err}");
}

#[test]
fn neither_the_client_nor_an_error_shows_the_secret_or_a_signature() {
    let body = FILE_CREATED.as_bytes();
    let ik = ImageKit::builder()
        .private_key("private_key_test")
        .webhook_secret(SECRET)
        .clock(|| NOW)
        .build()
        .unwrap();
    let headers = standard_headers(SECRET, body);
    let signature = headers["webhook-signature"].to_str().unwrap()[3..].to_string();
    assert!(!format!("{ik:?}").contains("dGVzdHNlY3JldA"), "{ik:?}");
    let errors = [
        ik.webhook_event(&headers, b"{}").unwrap_err(),
        ik.clone()
            .with_clock(|| 0)
            .webhook_event(&headers, body)
            .unwrap_err(),
        ik.webhook_event(&HeaderMap::new(), body).unwrap_err(),
        ImageKit::builder()
            .build()
            .unwrap()
            .webhook_event(&headers, body)
            .unwrap_err(),
    ];
    for err in errors {
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains("dGVzdHNlY3JldA"), "{shown}");
            assert!(!shown.contains(&signature), "{shown}");
        }
    }
}
