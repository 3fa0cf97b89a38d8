//! The newer operations not in the OpenAPI file (named transformations, webhook endpoints,
//! usage analytics) against a FakeTransport answering api.md's shapes: the exact requests, the
//! decoded answers, refused empty ids, and error answers.

use std::sync::Arc;

use futures_lite::future::block_on;
use imagekit::api::analytics::GetUsageAnalytics;
use imagekit::api::named::{
    CreateNamedTransformation, DeleteNamedTransformation, GetNamedTransformation,
    ListNamedTransformations, NamedTransformation, UpdateNamedTransformation,
};
use imagekit::api::webhooks::{
    CreateWebhookEndpoint, DeleteWebhookEndpoint, GetWebhookEndpoint, ListWebhookEndpoints,
    UpdateWebhookEndpoint, WebhookEndpoint, WebhookEventType,
};
use imagekit::api::Operation;
use imagekit::transport::testing::FakeTransport;
use imagekit::{Error, ImageKit, InputError, Repeat};
use rstest::rstest;
use serde_json::{json, Value};

use crate::{assert_request, fake_client as client, only_request};

/// A fake answering `status` with `body` once.
fn answering(status: u16, body: &Value) -> Arc<FakeTransport> {
    Arc::new(FakeTransport::new().with_response(FakeTransport::json(status, body)))
}

/// A fake answering 204 with no body once.
fn answering_no_content() -> Arc<FakeTransport> {
    Arc::new(FakeTransport::new().with_response(FakeTransport::response(204, &[], "")))
}

fn named_json() -> Value {
    json!({
        "id": "6bZ9x2ZUx",
        "name": "small_thumbnail",
        "transformation": "w-300,h-200",
        "enabled": true,
        "createdAt": "2025-01-15T10:00:00.000Z",
        "updatedAt": "2025-01-16T11:30:00.000Z"
    })
}

fn webhook_json() -> Value {
    json!({
        "id": "65f1c2a9e4b0a1b2c3d4e5f6",
        "endpoint": "https://example.com/imagekit/webhooks",
        "events": ["video.transformation.ready", "file.created", "folder.deleted"],
        "enabled": true,
        "secret": "whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==",
        "createdAt": "2025-01-15T10:00:00.000Z",
        "updatedAt": "2025-01-16T11:30:00.000Z"
    })
}

fn assert_named(n: &NamedTransformation) {
    assert_eq!(n.id, "6bZ9x2ZUx");
    assert_eq!(n.name, "small_thumbnail");
    assert_eq!(n.transformation, "w-300,h-200");
    assert_eq!(n.enabled, Some(true));
    assert_eq!(n.created_at.as_deref(), Some("2025-01-15T10:00:00.000Z"));
    assert_eq!(n.updated_at.as_deref(), Some("2025-01-16T11:30:00.000Z"));
}

fn assert_webhook(w: &WebhookEndpoint) {
    assert_eq!(w.id, "65f1c2a9e4b0a1b2c3d4e5f6");
    assert_eq!(w.endpoint, "https://example.com/imagekit/webhooks");
    assert_eq!(
        w.events,
        [
            WebhookEventType::VideoTransformationReady,
            WebhookEventType::FileCreated,
            WebhookEventType::FolderDeleted
        ]
    );
    assert_eq!(w.enabled, Some(true));
    assert_eq!(
        w.secret.as_ref().map(|s| s.expose()),
        Some("whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==")
    );
}

// Named transformations

#[test]
fn create_named_transformation_posts_the_body() {
    let fake = answering(201, &named_json());
    let params = CreateNamedTransformation::new("small_thumbnail", "w-300,h-200").enabled(true);
    let created = block_on(client(&fake).create_named_transformation(&params)).unwrap();
    assert_request(
        &only_request(&fake),
        "POST",
        "/v1/named-transformations",
        Some(json!({"name": "small_thumbnail", "transformation": "w-300,h-200", "enabled": true})),
    );
    assert_named(&created);
}

#[test]
fn create_named_transformation_leaves_enabled_out_when_not_given() {
    let fake = answering(201, &named_json());
    let params = CreateNamedTransformation::new("small_thumbnail", "w-300,h-200");
    block_on(client(&fake).create_named_transformation(&params)).unwrap();
    assert_request(
        &only_request(&fake),
        "POST",
        "/v1/named-transformations",
        Some(json!({"name": "small_thumbnail", "transformation": "w-300,h-200"})),
    );
}

#[test]
fn list_named_transformations_reads_an_array() {
    let mut second = named_json();
    second["id"] = json!("7cA0y3AVy");
    second["name"] = json!("banner");
    second["transformation"] = json!("w-1200,h-400,c-at_max");
    second["enabled"] = json!(false);
    second["usedBy"] = json!(["pre-transformation"]);
    let fake = answering(200, &json!([named_json(), second]));
    let list = block_on(client(&fake).list_named_transformations(&ListNamedTransformations::new()))
        .unwrap();
    assert_request(
        &only_request(&fake),
        "GET",
        "/v1/named-transformations",
        None,
    );
    assert_eq!(list.len(), 2);
    assert_named(&list[0]);
    assert_eq!(list[1].name, "banner");
    assert_eq!(list[1].enabled, Some(false));
    assert_eq!(list[1].extra["usedBy"], json!(["pre-transformation"]));
}

#[test]
fn get_named_transformation_encodes_the_id() {
    let fake = answering(200, &named_json());
    let got =
        block_on(client(&fake).get_named_transformation(&GetNamedTransformation::new("6bZ9x2ZUx")))
            .unwrap();
    assert_request(
        &only_request(&fake),
        "GET",
        "/v1/named-transformations/6bZ9x2ZUx",
        None,
    );
    assert_named(&got);

    let fake = answering(200, &named_json());
    block_on(client(&fake).get_named_transformation(&GetNamedTransformation::new("a b/c")))
        .unwrap();
    assert_request(
        &only_request(&fake),
        "GET",
        "/v1/named-transformations/a%20b%2Fc",
        None,
    );
}

#[test]
fn update_named_transformation_patches_only_what_is_given() {
    let mut updated = named_json();
    updated["transformation"] = json!("w-200,h-200");
    let fake = answering(200, &updated);
    let params = UpdateNamedTransformation::new("6bZ9x2ZUx").transformation("w-200,h-200");
    let got = block_on(client(&fake).update_named_transformation(&params)).unwrap();
    assert_request(
        &only_request(&fake),
        "PATCH",
        "/v1/named-transformations/6bZ9x2ZUx",
        Some(json!({"transformation": "w-200,h-200"})),
    );
    assert_eq!(got.transformation, "w-200,h-200");

    let fake = answering(200, &named_json());
    let params = UpdateNamedTransformation::new("6bZ9x2ZUx")
        .name("thumb")
        .transformation("w-100")
        .enabled(false);
    block_on(client(&fake).update_named_transformation(&params)).unwrap();
    assert_request(
        &only_request(&fake),
        "PATCH",
        "/v1/named-transformations/6bZ9x2ZUx",
        Some(json!({"name": "thumb", "transformation": "w-100", "enabled": false})),
    );
}

#[test]
fn delete_named_transformation_takes_a_204() {
    let fake = answering_no_content();
    block_on(
        client(&fake).delete_named_transformation(&DeleteNamedTransformation::new("6bZ9x2ZUx")),
    )
    .unwrap();
    assert_request(
        &only_request(&fake),
        "DELETE",
        "/v1/named-transformations/6bZ9x2ZUx",
        None,
    );
}

/// A 409 (still referenced) on delete, rename or disable is a conflict error, never retried.
#[rstest]
#[case::delete(|ik: &ImageKit| block_on(ik.delete_named_transformation(&DeleteNamedTransformation::new("6bZ9x2ZUx"))))]
#[case::disable(|ik: &ImageKit| block_on(ik.update_named_transformation(&UpdateNamedTransformation::new("6bZ9x2ZUx").enabled(false))).map(drop))]
#[case::rename(|ik: &ImageKit| block_on(ik.update_named_transformation(&UpdateNamedTransformation::new("6bZ9x2ZUx").name("other"))).map(drop))]
fn a_named_transformation_still_referenced_is_a_conflict(
    #[case] call: fn(&ImageKit) -> Result<(), Error>,
) {
    let fake = Arc::new(FakeTransport::new().with_response(FakeTransport::response(
        409,
        &[
            ("content-type", "application/json"),
            ("x-ik-requestId", "req-409"),
        ],
        r#"{"message": "Named transformation is in use by an upload pre-transformation.", "help": "For support kindly contact us at support@imagekit.io ."}"#,
    )));
    let err = call(&client(&fake)).unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(err.status(), Some(http::StatusCode::CONFLICT));
    assert_eq!(
        err.message(),
        Some("Named transformation is in use by an upload pre-transformation.")
    );
    assert_eq!(
        err.help(),
        Some("For support kindly contact us at support@imagekit.io .")
    );
    assert_eq!(err.request_id(), Some("req-409"));
    assert_eq!(fake.request_count(), 1);
}

// Webhook endpoints

#[test]
fn create_webhook_endpoint_posts_the_body_and_keeps_the_secret_out_of_debug() {
    let fake = answering(201, &webhook_json());
    let params = CreateWebhookEndpoint::new(
        "https://example.com/imagekit/webhooks",
        vec![
            WebhookEventType::VideoTransformationReady,
            WebhookEventType::FileCreated,
            WebhookEventType::FolderDeleted,
        ],
    )
    .enabled(true);
    let created = block_on(client(&fake).create_webhook_endpoint(&params)).unwrap();
    assert_request(
        &only_request(&fake),
        "POST",
        "/v1/accounts/webhooks",
        Some(json!({
            "endpoint": "https://example.com/imagekit/webhooks",
            "events": ["video.transformation.ready", "file.created", "folder.deleted"],
            "enabled": true
        })),
    );
    assert_webhook(&created);
    let debug = format!("{created:?} {:#?} {:?}", created, created.secret);
    assert!(!debug.contains("whsec_"), "{debug}");
    assert!(debug.contains("WebhookSecret(<redacted>)"), "{debug}");
    // Serializing keeps the secret (it is the caller's own data).
    assert_eq!(
        serde_json::to_value(&created).unwrap()["secret"],
        "whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw=="
    );
}

#[test]
fn list_webhook_endpoints_reads_an_array_and_keeps_unknown_events() {
    let mut second = webhook_json();
    second["id"] = json!("65f1c2a9e4b0a1b2c3d4e5f7");
    second["events"] = json!(["upload.pre-transform.success", "asset.teleported"]);
    second["deliveryStats"] = json!({"failed": 0});
    let fake = answering(200, &json!([webhook_json(), second]));
    let list =
        block_on(client(&fake).list_webhook_endpoints(&ListWebhookEndpoints::new())).unwrap();
    assert_request(&only_request(&fake), "GET", "/v1/accounts/webhooks", None);
    assert_eq!(list.len(), 2);
    assert_webhook(&list[0]);
    assert_eq!(
        list[1].events,
        [
            WebhookEventType::UploadPreTransformSuccess,
            WebhookEventType::Other("asset.teleported".into())
        ]
    );
    assert_eq!(list[1].extra["deliveryStats"], json!({"failed": 0}));
}

#[test]
fn get_webhook_endpoint_reads_one() {
    let fake = answering(200, &webhook_json());
    let got = block_on(
        client(&fake).get_webhook_endpoint(&GetWebhookEndpoint::new("65f1c2a9e4b0a1b2c3d4e5f6")),
    )
    .unwrap();
    assert_request(
        &only_request(&fake),
        "GET",
        "/v1/accounts/webhooks/65f1c2a9e4b0a1b2c3d4e5f6",
        None,
    );
    assert_webhook(&got);
}

#[test]
fn update_webhook_endpoint_patches_only_what_is_given() {
    let fake = answering(200, &webhook_json());
    let params = UpdateWebhookEndpoint::new("65f1c2a9e4b0a1b2c3d4e5f6").events(vec![
        WebhookEventType::VideoTransformationReady,
        WebhookEventType::VideoTransformationError,
    ]);
    let got = block_on(client(&fake).update_webhook_endpoint(&params)).unwrap();
    assert_request(
        &only_request(&fake),
        "PATCH",
        "/v1/accounts/webhooks/65f1c2a9e4b0a1b2c3d4e5f6",
        Some(json!({"events": ["video.transformation.ready", "video.transformation.error"]})),
    );
    assert_webhook(&got);

    let fake = answering(200, &webhook_json());
    let params = UpdateWebhookEndpoint::new("65f1c2a9e4b0a1b2c3d4e5f6")
        .endpoint("https://example.com/hooks")
        .enabled(false);
    block_on(client(&fake).update_webhook_endpoint(&params)).unwrap();
    assert_request(
        &only_request(&fake),
        "PATCH",
        "/v1/accounts/webhooks/65f1c2a9e4b0a1b2c3d4e5f6",
        Some(json!({"endpoint": "https://example.com/hooks", "enabled": false})),
    );
}

#[test]
fn delete_webhook_endpoint_takes_a_204() {
    let fake = answering_no_content();
    block_on(
        client(&fake)
            .delete_webhook_endpoint(&DeleteWebhookEndpoint::new("65f1c2a9e4b0a1b2c3d4e5f6")),
    )
    .unwrap();
    assert_request(
        &only_request(&fake),
        "DELETE",
        "/v1/accounts/webhooks/65f1c2a9e4b0a1b2c3d4e5f6",
        None,
    );
}

#[test]
fn every_event_type_round_trips() {
    let all = [
        "video.transformation.accepted",
        "video.transformation.ready",
        "video.transformation.error",
        "upload.pre-transform.success",
        "upload.pre-transform.error",
        "upload.post-transform.success",
        "upload.post-transform.error",
        "file.created",
        "file.updated",
        "file.deleted",
        "file-version.created",
        "file-version.deleted",
        "folder.created",
        "folder.updated",
        "folder.deleted",
    ];
    for text in all {
        let event = WebhookEventType::from(text);
        assert!(
            !matches!(event, WebhookEventType::Other(_)),
            "{text} is unknown"
        );
        assert_eq!(event.as_str(), text);
        assert_eq!(serde_json::to_value(&event).unwrap(), text);
    }
}

// Usage analytics

fn analytics_json() -> Value {
    let ranking = |name: &str| {
        json!({
            "byBandwidth": [{"name": name, "requestCount": 10, "bandwidthBytes": 5000}],
            "byRequests": [{"name": name, "requestCount": 12, "bandwidthBytes": 4000}]
        })
    };
    json!({
        "startDate": "2025-01-01",
        "endDate": "2025-01-31",
        "generatedAt": "2025-02-01T08:15:00.000Z",
        "requestCount": 1250000,
        "bandwidthBytes": 53687091200u64,
        "cache": {"hitCount": 1100000, "missCount": 149000, "errorCount": 1000},
        "statusCodes": [{"name": "200", "requestCount": 1200000}, {"name": "404", "requestCount": 50000}],
        "errorReasons": [{"name": "Asset not found at origin", "requestCount": 42}],
        "extensions": [{"name": "remove-bg", "operationCount": 17}],
        "videoProcessing": [{"codec": "h264", "resolution": "HD", "durationSeconds": 3600.5}],
        "top404Assets": [{"name": "https://ik.imagekit.io/demo/missing.jpg", "requestCount": 30}],
        "browser": ranking("Chrome"),
        "country": {
            "byBandwidth": [{"code": "IN", "name": "India", "requestCount": 7, "bandwidthBytes": 900}],
            "byRequests": [{"code": "US", "name": "United States", "requestCount": 9, "bandwidthBytes": 800}]
        },
        "device": ranking("Desktop - Apple Mac"),
        "format": ranking("image/webp"),
        "topImages": ranking("https://ik.imagekit.io/demo/a.jpg"),
        "topImageTransforms": ranking("tr:w-400,h-400"),
        "topOtherAssets": ranking("https://ik.imagekit.io/demo/a.pdf"),
        "topReferrers": ranking("https://example.com/"),
        "topUserAgents": ranking("Mozilla/5.0"),
        "topVideos": ranking("https://ik.imagekit.io/demo/clip.mp4"),
        "topVideoTransforms": ranking("tr:h-720,f-mp4"),
        "urlEndpoints": ranking("Default"),
        "topCities": ranking("Mumbai")
    })
}

#[test]
fn get_usage_analytics_sends_the_dates_and_reads_every_part() {
    let fake = answering(200, &analytics_json());
    let analytics = block_on(
        client(&fake).get_usage_analytics(&GetUsageAnalytics::new("2025-01-01", "2025-01-31")),
    )
    .unwrap();
    assert_request(
        &only_request(&fake),
        "GET",
        "/v1/accounts/usage-analytics?startDate=2025-01-01&endDate=2025-01-31",
        None,
    );
    assert_eq!(analytics.start_date.as_deref(), Some("2025-01-01"));
    assert_eq!(analytics.end_date.as_deref(), Some("2025-01-31"));
    assert_eq!(
        analytics.generated_at.as_deref(),
        Some("2025-02-01T08:15:00.000Z")
    );
    assert_eq!(analytics.request_count, Some(1_250_000));
    assert_eq!(analytics.bandwidth_bytes, Some(53_687_091_200));
    let cache = analytics.cache.as_ref().unwrap();
    assert_eq!(
        (cache.hit_count, cache.miss_count, cache.error_count),
        (Some(1_100_000), Some(149_000), Some(1000))
    );
    assert_eq!(analytics.status_codes[1].name, "404");
    assert_eq!(analytics.status_codes[1].request_count, Some(50_000));
    assert_eq!(analytics.error_reasons[0].name, "Asset not found at origin");
    assert_eq!(analytics.extensions[0].name, "remove-bg");
    assert_eq!(analytics.extensions[0].operation_count, Some(17));
    let video = &analytics.video_processing[0];
    assert_eq!(
        (video.codec.as_str(), video.resolution.as_str()),
        ("h264", "HD")
    );
    assert_eq!(video.duration_seconds, Some(3600.5));
    assert_eq!(analytics.top_404_assets[0].request_count, Some(30));
    let country = analytics.country.as_ref().unwrap();
    assert_eq!(country.by_bandwidth[0].code.as_deref(), Some("IN"));
    assert_eq!(country.by_requests[0].name, "United States");
    assert_eq!(country.by_requests[0].request_count, Some(9));
    assert_eq!(country.by_requests[0].bandwidth_bytes, Some(800));
    let transforms = analytics.top_video_transforms.as_ref().unwrap();
    assert_eq!(transforms.by_bandwidth[0].name, "tr:h-720,f-mp4");
    assert_eq!(
        analytics.url_endpoints.as_ref().unwrap().by_requests[0].name,
        "Default"
    );
    for ranking in [
        &analytics.browser,
        &analytics.device,
        &analytics.format,
        &analytics.top_images,
        &analytics.top_image_transforms,
        &analytics.top_other_assets,
        &analytics.top_referrers,
        &analytics.top_user_agents,
        &analytics.top_videos,
    ] {
        let ranking = ranking.as_ref().unwrap();
        assert_eq!(ranking.by_requests[0].request_count, Some(12));
        assert_eq!(ranking.by_bandwidth[0].bandwidth_bytes, Some(5000));
    }
    // An unknown breakdown is kept whole.
    assert_eq!(
        analytics.extra["topCities"]["byRequests"][0]["name"],
        "Mumbai"
    );
}

#[test]
fn usage_analytics_tolerates_missing_parts() {
    let fake = answering(
        200,
        &json!({"startDate": "2025-01-01", "endDate": "2025-01-02"}),
    );
    let analytics = block_on(
        client(&fake).get_usage_analytics(&GetUsageAnalytics::new("2025-01-01", "2025-01-02")),
    )
    .unwrap();
    assert_eq!(analytics.request_count, None);
    assert!(analytics.cache.is_none() && analytics.status_codes.is_empty());
}

// Shared shapes

/// An empty id in the path is refused before any request.
#[rstest]
#[case::get_named(|ik: &ImageKit| block_on(ik.get_named_transformation(&GetNamedTransformation::new(""))).map(drop))]
#[case::update_named(|ik: &ImageKit| block_on(ik.update_named_transformation(&UpdateNamedTransformation::new("").enabled(true))).map(drop))]
#[case::delete_named(|ik: &ImageKit| block_on(ik.delete_named_transformation(&DeleteNamedTransformation::new(""))))]
#[case::get_webhook(|ik: &ImageKit| block_on(ik.get_webhook_endpoint(&GetWebhookEndpoint::new(""))).map(drop))]
#[case::update_webhook(|ik: &ImageKit| block_on(ik.update_webhook_endpoint(&UpdateWebhookEndpoint::new("").enabled(true))).map(drop))]
#[case::delete_webhook(|ik: &ImageKit| block_on(ik.delete_webhook_endpoint(&DeleteWebhookEndpoint::new(""))))]
fn an_empty_id_is_refused_without_a_request(#[case] call: fn(&ImageKit) -> Result<(), Error>) {
    let fake = Arc::new(FakeTransport::new());
    let err = call(&client(&fake)).unwrap_err();
    assert_eq!(err.input_error(), Some(&InputError::EmptyId));
    assert_eq!(fake.request_count(), 0);
}

/// An error answer `{message, help}` becomes an `Error` with its status and message.
#[rstest]
#[case::create_named(|ik: &ImageKit| block_on(ik.create_named_transformation(&CreateNamedTransformation::new("x", "w-1"))).map(drop))]
#[case::list_named(|ik: &ImageKit| block_on(ik.list_named_transformations(&ListNamedTransformations::new())).map(drop))]
#[case::get_named(|ik: &ImageKit| block_on(ik.get_named_transformation(&GetNamedTransformation::new("id"))).map(drop))]
#[case::create_webhook(|ik: &ImageKit| block_on(ik.create_webhook_endpoint(&CreateWebhookEndpoint::new("https://e.x", vec![WebhookEventType::FileCreated]))).map(drop))]
#[case::list_webhooks(|ik: &ImageKit| block_on(ik.list_webhook_endpoints(&ListWebhookEndpoints::new())).map(drop))]
#[case::delete_webhook(|ik: &ImageKit| block_on(ik.delete_webhook_endpoint(&DeleteWebhookEndpoint::new("id"))))]
#[case::analytics(|ik: &ImageKit| block_on(ik.get_usage_analytics(&GetUsageAnalytics::new("2025-01-01", "2025-06-30"))).map(drop))]
fn an_error_answer_is_an_error(#[case] call: fn(&ImageKit) -> Result<(), Error>) {
    let fake = answering(
        400,
        &json!({"message": "Your request contains invalid parameters.", "help": "For support kindly contact us at support@imagekit.io ."}),
    );
    let err = call(&client(&fake)).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
    assert_eq!(
        err.message(),
        Some("Your request contains invalid parameters.")
    );
    assert_eq!(
        err.help(),
        Some("For support kindly contact us at support@imagekit.io .")
    );
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn a_body_that_is_not_the_object_is_a_decode_error() {
    let fake = Arc::new(FakeTransport::new().with_response(FakeTransport::response(
        200,
        &[],
        "<html>oops</html>",
    )));
    let err = block_on(client(&fake).get_named_transformation(&GetNamedTransformation::new("id")))
        .unwrap_err();
    assert!(err.is_decode());
    assert_eq!(err.status(), Some(http::StatusCode::OK));
}

#[test]
fn creates_are_not_repeated_once_sent_and_the_rest_are_safe() {
    let events = vec![WebhookEventType::FileCreated];
    assert_eq!(
        CreateNamedTransformation::new("a", "w-1").repeat(),
        Repeat::IfNotSent
    );
    assert_eq!(
        CreateWebhookEndpoint::new("https://e.x", events).repeat(),
        Repeat::IfNotSent
    );
    for repeat in [
        ListNamedTransformations::new().repeat(),
        GetNamedTransformation::new("a").repeat(),
        UpdateNamedTransformation::new("a").repeat(),
        DeleteNamedTransformation::new("a").repeat(),
        ListWebhookEndpoints::new().repeat(),
        GetWebhookEndpoint::new("a").repeat(),
        UpdateWebhookEndpoint::new("a").repeat(),
        DeleteWebhookEndpoint::new("a").repeat(),
        GetUsageAnalytics::new("2025-01-01", "2025-01-02").repeat(),
    ] {
        assert_eq!(repeat, Repeat::Safe);
    }
}

#[test]
fn a_failed_create_is_not_sent_twice_but_a_failed_read_is_retried() {
    let script = || {
        Arc::new(
            FakeTransport::new()
                .with_response(FakeTransport::json(503, &json!({"message": "busy"})))
                .with_response(FakeTransport::json(200, &named_json())),
        )
    };
    let fake = script();
    let ik = client(&fake).with_sleep(|_| async {});
    let err = block_on(
        ik.create_named_transformation(&CreateNamedTransformation::new("small_thumbnail", "w-1")),
    )
    .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(fake.request_count(), 1);

    let fake = script();
    let ik = client(&fake).with_sleep(|_| async {});
    let got = block_on(ik.get_named_transformation(&GetNamedTransformation::new("6bZ9x2ZUx")));
    assert_named(&got.unwrap());
    assert_eq!(fake.request_count(), 2);
}
