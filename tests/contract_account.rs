//! The account group against Prism serving ImageKit's OpenAPI file: each request must pass
//! the contract and each example answer must decode. Skipped without `IMAGEKIT_PRISM_URL`.

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

#[tokio::test]
async fn list_saved_extensions() {
    let Some(ik) = support::prism("list_saved_extensions") else {
        return;
    };
    let list = ik
        .list_saved_extensions(&ListSavedExtensions::new())
        .await
        .unwrap();
    assert_eq!(list[0].id, "ext_abc123");
}

#[tokio::test]
async fn create_saved_extension() {
    let Some(ik) = support::prism("create_saved_extension") else {
        return;
    };
    let created = ik
        .create_saved_extension(&CreateSavedExtension::new(SavedExtensionRequest::new(
            "Car Quality Analysis",
            "Analyzes vehicle images",
            json!({"name": "google-auto-tagging", "minConfidence": 80, "maxTags": 10}),
        )))
        .await
        .unwrap();
    assert_eq!(created.name, "Car Quality Analysis");
}

#[tokio::test]
async fn get_saved_extension() {
    let Some(ik) = support::prism("get_saved_extension") else {
        return;
    };
    let got = ik
        .get_saved_extension(&GetSavedExtension::new("ext_abc123"))
        .await
        .unwrap();
    assert!(got.config.is_some());
}

#[tokio::test]
async fn update_saved_extension() {
    let Some(ik) = support::prism("update_saved_extension") else {
        return;
    };
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
}

#[tokio::test]
async fn delete_saved_extension() {
    let Some(ik) = support::prism("delete_saved_extension") else {
        return;
    };
    ik.delete_saved_extension(&DeleteSavedExtension::new("ext_abc123"))
        .await
        .unwrap();
}

#[tokio::test]
async fn list_origins() {
    let Some(ik) = support::prism("list_origins") else {
        return;
    };
    let list = ik.list_origins(&ListOrigins::new()).await.unwrap();
    assert_eq!(list[0].origin_type, OriginType::S3);
}

#[tokio::test]
async fn create_origin() {
    let Some(ik) = support::prism("create_origin") else {
        return;
    };
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
}

#[tokio::test]
async fn get_origin() {
    let Some(ik) = support::prism("get_origin") else {
        return;
    };
    let got = ik.get_origin(&GetOrigin::new("origin-id-1")).await.unwrap();
    assert_eq!(got.name, "US S3 Storage");
}

#[tokio::test]
async fn update_origin() {
    let Some(ik) = support::prism("update_origin") else {
        return;
    };
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
}

#[tokio::test]
async fn delete_origin() {
    let Some(ik) = support::prism("delete_origin") else {
        return;
    };
    ik.delete_origin(&DeleteOrigin::new("origin-id-1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn list_url_endpoints() {
    let Some(ik) = support::prism("list_url_endpoints") else {
        return;
    };
    let list = ik
        .list_url_endpoints(&ListUrlEndpoints::new())
        .await
        .unwrap();
    assert!(list[0].url_rewriter.is_some());
}

#[tokio::test]
async fn create_url_endpoint() {
    let Some(ik) = support::prism("create_url_endpoint") else {
        return;
    };
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
}

#[tokio::test]
async fn get_url_endpoint() {
    let Some(ik) = support::prism("get_url_endpoint") else {
        return;
    };
    let got = ik
        .get_url_endpoint(&GetUrlEndpoint::new("default"))
        .await
        .unwrap();
    assert!(!got.id.is_empty());
}

#[tokio::test]
async fn update_url_endpoint() {
    let Some(ik) = support::prism("update_url_endpoint") else {
        return;
    };
    ik.update_url_endpoint(&UpdateUrlEndpoint::new(
        "ep_1",
        UrlEndpointRequest::new("Akamai images").url_rewriter(UrlRewriter::akamai()),
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn delete_url_endpoint() {
    let Some(ik) = support::prism("delete_url_endpoint") else {
        return;
    };
    ik.delete_url_endpoint(&DeleteUrlEndpoint::new("ep_1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn get_usage() {
    let Some(ik) = support::prism("get_usage") else {
        return;
    };
    let usage = ik
        .get_usage(&GetUsage::new("2024-01-01", "2024-02-01"))
        .await
        .unwrap();
    assert_eq!(usage.bandwidth_bytes, Some(21_991_583_578));
}
