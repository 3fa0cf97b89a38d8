//! The account group against Prism serving ImageKit's OpenAPI file: each request must pass
//! the contract and each example answer must decode. Each test runs live (skipped without
//! `IMAGEKIT_PRISM_URL`) and replayed from tests/fixtures/contract/ (see `contract!`).

mod support;

use imagekit::api::extensions::{
    CreateSavedExtension, DeleteSavedExtension, GetSavedExtension, ListSavedExtensions,
    SavedExtensionRequest, SavedExtensionUpdate, UpdateSavedExtension,
};
use imagekit::api::origins::{
    CreateOrigin, DeleteOrigin, GetOrigin, ListOrigins, OriginRequest, OriginType, UpdateOrigin,
};
use imagekit::api::url_endpoints::{
    CreateUrlEndpoint, DeleteUrlEndpoint, GetUrlEndpoint, ListUrlEndpoints, UpdateUrlEndpoint,
    UrlEndpointRequest, UrlRewriter,
};
use imagekit::api::usage::GetUsage;
use serde_json::json;

contract!(list_saved_extensions, |ik| async move {
    let list = ik
        .list_saved_extensions(&ListSavedExtensions::new())
        .await
        .unwrap();
    assert_eq!(list[0].id, "ext_abc123");
});

contract!(create_saved_extension, |ik| async move {
    let created = ik
        .create_saved_extension(&CreateSavedExtension::new(SavedExtensionRequest::new(
            "Car Quality Analysis",
            "Analyzes vehicle images",
            json!({"name": "google-auto-tagging", "minConfidence": 80, "maxTags": 10}),
        )))
        .await
        .unwrap();
    assert_eq!(created.name, "Car Quality Analysis");
});

contract!(get_saved_extension, |ik| async move {
    let got = ik
        .get_saved_extension(&GetSavedExtension::new("ext_abc123"))
        .await
        .unwrap();
    assert!(got.config.is_some());
});

contract!(update_saved_extension, |ik| async move {
    let updated = ik
        .update_saved_extension(&UpdateSavedExtension::new(
            "ext_abc123",
            SavedExtensionUpdate::new()
                .description("Describes the image")
                .config(json!({"name": "ai-auto-description"})),
        ))
        .await
        .unwrap();
    assert_eq!(updated.id, "ext_abc123");
});

contract!(delete_saved_extension, |ik| async move {
    ik.delete_saved_extension(&DeleteSavedExtension::new("ext_abc123"))
        .await
        .unwrap();
});

contract!(list_origins, |ik| async move {
    let list = ik.list_origins(&ListOrigins::new()).await.unwrap();
    assert_eq!(list[0].origin_type, OriginType::S3);
});

contract!(create_origin, |ik| async move {
    let created = ik
        .create_origin(&CreateOrigin::new(
            OriginRequest::s3(
                "My S3 Origin",
                "test-bucket",
                "AKIATEST123",
                "secrettest123",
            )
            .prefix("images")
            .canonical_header(true, Some("https://cdn.example.com".into())),
        ))
        .await
        .unwrap();
    assert_eq!(created.extra["bucket"], "product-images");
});

contract!(get_origin, |ik| async move {
    let got = ik.get_origin(&GetOrigin::new("origin-id-1")).await.unwrap();
    assert_eq!(got.name, "US S3 Storage");
});

contract!(update_origin, |ik| async move {
    let updated = ik
        .update_origin(&UpdateOrigin::new(
            "origin-id-1",
            OriginRequest::akeneo_pim(
                "Akeneo",
                "https://akeneo.company.com",
                "akeneo-client-id",
                "akeneo-client-secret",
                "integration-user",
                "strongpassword123",
            ),
        ))
        .await
        .unwrap();
    assert!(!updated.id.is_empty());
});

contract!(delete_origin, |ik| async move {
    ik.delete_origin(&DeleteOrigin::new("origin-id-1"))
        .await
        .unwrap();
});

contract!(list_url_endpoints, |ik| async move {
    let list = ik
        .list_url_endpoints(&ListUrlEndpoints::new())
        .await
        .unwrap();
    assert!(list[0].url_rewriter.is_some());
});

contract!(create_url_endpoint, |ik| async move {
    let created = ik
        .create_url_endpoint(&CreateUrlEndpoint::new(
            UrlEndpointRequest::new("My custom URL endpoint")
                .url_prefix("product-images")
                .origins(["origin-id-1"])
                .url_rewriter(UrlRewriter::cloudinary(true)),
        ))
        .await
        .unwrap();
    assert_eq!(created.description, "My custom URL endpoint");
});

contract!(get_url_endpoint, |ik| async move {
    let got = ik
        .get_url_endpoint(&GetUrlEndpoint::new("default"))
        .await
        .unwrap();
    assert!(!got.id.is_empty());
});

contract!(update_url_endpoint, |ik| async move {
    ik.update_url_endpoint(&UpdateUrlEndpoint::new(
        "ep_1",
        UrlEndpointRequest::new("Akamai images").url_rewriter(UrlRewriter::akamai()),
    ))
    .await
    .unwrap();
});

contract!(delete_url_endpoint, |ik| async move {
    ik.delete_url_endpoint(&DeleteUrlEndpoint::new("ep_1"))
        .await
        .unwrap();
});

contract!(get_usage, |ik| async move {
    let usage = ik
        .get_usage(&GetUsage::new("2024-01-01", "2024-02-01"))
        .await
        .unwrap();
    assert_eq!(usage.bandwidth_bytes, Some(21_991_583_578));
});
