//! The account group (saved extensions, origins, URL endpoints, usage). Over a FakeTransport:
//! the exact request of each operation and its decoded answer, the OpenAPI file's examples as
//! answers. Against Prism serving ImageKit's OpenAPI file (the contract cases at the end): each
//! request must pass the contract and each example answer must decode; each runs live (skipped
//! without `IMAGEKIT_PRISM_URL`) and replayed from tests/fixtures/contract/ (see `contract!`).

use std::sync::Arc;

use futures_lite::future::block_on;
use imagekit::api::extensions::{
    AutoTagging, CreateSavedExtension, DeleteSavedExtension, ExtensionConfig, GetSavedExtension,
    ListSavedExtensions, RemoveBg, RemoveBgOptions, SavedExtensionRequest, SavedExtensionUpdate,
    UpdateSavedExtension,
};
use imagekit::api::origins::{
    AkeneoPimSettings, CreateOrigin, DeleteOrigin, GetOrigin, ListOrigins, OriginRequest,
    OriginSettings, S3Settings, UpdateOrigin, WebFolderSettings,
};
use imagekit::api::url_endpoints::{
    CreateUrlEndpoint, DeleteUrlEndpoint, GetUrlEndpoint, ListUrlEndpoints, UpdateUrlEndpoint,
    UrlEndpoint, UrlEndpointRequest, UrlRewriter, UrlRewriterType,
};
use imagekit::api::usage::GetUsage;
use imagekit::api::Operation;
use imagekit::transport::testing::FakeTransport;
use imagekit::{Error, ImageKit, InputError, Repeat};
use rstest::rstest;
use serde::Serialize;
use serde_json::{json, Value};

use crate::contract;
use crate::{fake_client, only_request};

const API: &str = "https://api.imagekit.io";

fn saved_extension() -> Value {
    json!({
        "id": "ext_abc123",
        "name": "Car Quality Analysis",
        "description": "Analyzes vehicle images for type, condition, and quality assessment",
        "config": {"name": "remove-bg", "options": {"add_shadow": false, "semitransparency": true, "bg_color": "string", "bg_image_url": "string"}},
        "createdAt": "2019-08-24T14:15:22Z",
        "updatedAt": "2019-08-24T14:15:22Z"
    })
}

fn origin() -> Value {
    json!({
        "name": "US S3 Storage", "type": "S3", "includeCanonicalHeader": false,
        "baseUrlForCanonicalHeader": "https://cdn.example.com", "bucket": "product-images",
        "prefix": "raw-assets", "useIAMRole": false, "id": "string"
    })
}

/// An origin request for a web proxy, which has no settings of its own.
fn web_proxy(name: &str) -> OriginRequest {
    OriginRequest::new(name, OriginSettings::WebProxy(Default::default()))
}

/// The S3 origin request of the OpenAPI file's example, with a canonical header.
fn s3_request() -> OriginRequest {
    let bucket = S3Settings {
        prefix: Some("images".into()),
        ..S3Settings::new("test-bucket", "AKIATEST123", "secrettest123")
    };
    OriginRequest::new("My S3 Origin", OriginSettings::S3(bucket))
        .canonical_header(true, Some("https://cdn.example.com".into()))
}

fn url_endpoint() -> Value {
    json!({
        "description": "My custom URL endpoint", "urlPrefix": "", "origins": [],
        "urlRewriter": {"type": "CLOUDINARY", "preserveAssetDeliveryTypes": false}, "id": "string"
    })
}

fn usage() -> Value {
    json!({
        "bandwidthBytes": 21991583578u64, "mediaLibraryStorageBytes": 1878758298,
        "videoProcessingUnitsCount": 0, "extensionUnitsCount": 0, "originalCacheStorageBytes": 0
    })
}

/// A fake answering `answers` in order, and a client on it whose pauses are not waited.
fn setup(answers: Vec<http::Response<bytes::Bytes>>) -> (Arc<FakeTransport>, ImageKit) {
    let fake = Arc::new(FakeTransport::new());
    for answer in answers {
        fake.push(Ok(answer));
    }
    let ik = fake_client(&fake);
    (fake, ik)
}

fn no_content() -> http::Response<bytes::Bytes> {
    FakeTransport::response(204, &[], "")
}

/// Runs a call and gives its decoded answer back as JSON.
type Call = fn(&ImageKit) -> Result<Value, Error>;

fn as_json<T: Serialize>(result: Result<T, Error>) -> Result<Value, Error> {
    result.map(|t| serde_json::to_value(t).unwrap())
}

#[rstest]
#[case::list_saved_extensions(|ik: &ImageKit| as_json(block_on(ik.list_saved_extensions(&ListSavedExtensions::new()))),
    "/v1/saved-extensions", json!([saved_extension()]))]
#[case::get_saved_extension(|ik: &ImageKit| as_json(block_on(ik.get_saved_extension(&GetSavedExtension::new("ext_abc123")))),
    "/v1/saved-extensions/ext_abc123", saved_extension())]
#[case::list_origins(|ik: &ImageKit| as_json(block_on(ik.list_origins(&ListOrigins::new()))),
    "/v1/accounts/origins", json!([origin()]))]
#[case::get_origin(|ik: &ImageKit| as_json(block_on(ik.get_origin(&GetOrigin::new("a b/c")))),
    "/v1/accounts/origins/a%20b%2Fc", origin())]
#[case::list_url_endpoints(|ik: &ImageKit| as_json(block_on(ik.list_url_endpoints(&ListUrlEndpoints::new()))),
    "/v1/accounts/url-endpoints", json!([url_endpoint()]))]
#[case::get_url_endpoint(|ik: &ImageKit| as_json(block_on(ik.get_url_endpoint(&GetUrlEndpoint::new("default")))),
    "/v1/accounts/url-endpoints/default", url_endpoint())]
#[case::get_usage(|ik: &ImageKit| as_json(block_on(ik.get_usage(&GetUsage::new("2024-01-01", "2024-02-01")))),
    "/v1/accounts/usage?startDate=2024-01-01&endDate=2024-02-01", usage())]
fn reads_get_the_path_and_decode_the_example_whole(
    #[case] call: Call,
    #[case] path: &str,
    #[case] example: Value,
) {
    let (fake, ik) = setup(vec![FakeTransport::json(200, &example)]);
    let decoded = call(&ik).unwrap();
    let request = only_request(&fake);
    assert_eq!(request.method, "GET");
    assert_eq!(request.uri, format!("{API}{path}").as_str());
    assert!(request.body.is_empty());
    assert_eq!(
        request.header("authorization"),
        Some("Basic cHJpdmF0ZV9rZXlfdGVzdDo=")
    );
    // Every field of the example is read (typed or kept in `extra`) and written back.
    assert_eq!(decoded, example);
}

#[rstest]
#[case::saved_extension(|ik: &ImageKit| block_on(ik.delete_saved_extension(&DeleteSavedExtension::new("ext_abc123"))),
    "/v1/saved-extensions/ext_abc123")]
#[case::origin(|ik: &ImageKit| block_on(ik.delete_origin(&DeleteOrigin::new("orig 1"))),
    "/v1/accounts/origins/orig%201")]
#[case::url_endpoint(|ik: &ImageKit| block_on(ik.delete_url_endpoint(&DeleteUrlEndpoint::new("ep_1"))),
    "/v1/accounts/url-endpoints/ep_1")]
fn deletes_send_delete_and_take_a_204(
    #[case] call: fn(&ImageKit) -> Result<(), Error>,
    #[case] path: &str,
) {
    let (fake, ik) = setup(vec![no_content()]);
    call(&ik).unwrap();
    let request = only_request(&fake);
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.uri, format!("{API}{path}").as_str());
    assert!(request.body.is_empty());
}

#[test]
fn create_saved_extension_posts_the_body_and_reads_the_201() {
    let (fake, ik) = setup(vec![FakeTransport::json(201, &saved_extension())]);
    let config = ExtensionConfig::RemoveBg(RemoveBg {
        options: Some(RemoveBgOptions {
            add_shadow: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    });
    let created = block_on(ik.create_saved_extension(&CreateSavedExtension::new(
        SavedExtensionRequest::new("Car Quality Analysis", "Analyzes vehicle images", config),
    )))
    .unwrap();
    let request = only_request(&fake);
    assert_eq!(request.method, "POST");
    assert_eq!(request.uri, "https://api.imagekit.io/v1/saved-extensions");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.body_json().unwrap(),
        json!({"name": "Car Quality Analysis", "description": "Analyzes vehicle images",
            "config": {"name": "remove-bg", "options": {"add_shadow": true}}})
    );
    assert_eq!(created.id, "ext_abc123");
    assert_eq!(created.name, "Car Quality Analysis");
    let Some(ExtensionConfig::RemoveBg(RemoveBg {
        options: Some(options),
        ..
    })) = created.config
    else {
        panic!("{:?}", created.config)
    };
    assert_eq!(options.semitransparency, Some(true));
    assert_eq!(options.bg_color.as_deref(), Some("string"));
    assert_eq!(created.created_at.as_deref(), Some("2019-08-24T14:15:22Z"));
}

#[test]
fn update_saved_extension_patches_only_the_fields_given() {
    let (fake, ik) = setup(vec![FakeTransport::json(200, &saved_extension())]);
    let updated = block_on(
        ik.update_saved_extension(&UpdateSavedExtension::new(
            "ext_abc123",
            SavedExtensionUpdate::new()
                .description("New description")
                .config(ExtensionConfig::AiAutoDescription(Default::default())),
        )),
    )
    .unwrap();
    let request = only_request(&fake);
    assert_eq!(request.method, "PATCH");
    assert_eq!(
        request.uri,
        "https://api.imagekit.io/v1/saved-extensions/ext_abc123"
    );
    assert_eq!(
        request.body_json().unwrap(),
        json!({"description": "New description", "config": {"name": "ai-auto-description"}})
    );
    assert_eq!(
        updated.description.as_deref(),
        Some("Analyzes vehicle images for type, condition, and quality assessment")
    );
}

#[test]
fn create_origin_posts_the_typed_and_type_specific_fields() {
    let (fake, ik) = setup(vec![FakeTransport::json(201, &origin())]);
    let created = block_on(ik.create_origin(&CreateOrigin::new(s3_request()))).unwrap();
    let sent = only_request(&fake);
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.uri, "https://api.imagekit.io/v1/accounts/origins");
    assert_eq!(
        sent.body_json().unwrap(),
        json!({
            "name": "My S3 Origin", "type": "S3", "includeCanonicalHeader": true,
            "baseUrlForCanonicalHeader": "https://cdn.example.com", "bucket": "test-bucket",
            "accessKey": "AKIATEST123", "secretKey": "secrettest123", "prefix": "images"
        })
    );
    assert_eq!(created.name, "US S3 Storage");
    assert!(!created.include_canonical_header);
    let OriginSettings::S3(bucket) = &created.settings else {
        panic!("{created:?}")
    };
    assert_eq!(bucket.bucket, "product-images");
    assert_eq!(bucket.use_iam_role, Some(false));
    assert_eq!(bucket.access_key, None);
}

#[test]
fn update_origin_puts_a_replacement() {
    let answer = json!({"id": "o1", "name": "Assets", "type": "WEB_FOLDER", "includeCanonicalHeader": false,
        "baseUrl": "https://images.example.com/assets", "forwardHostHeaderToOrigin": true});
    let (fake, ik) = setup(vec![FakeTransport::json(200, &answer)]);
    let updated = block_on(ik.update_origin(&UpdateOrigin::new(
        "o1",
        OriginRequest::new(
            "Assets",
            OriginSettings::WebFolder(WebFolderSettings {
                forward_host_header_to_origin: Some(true),
                ..WebFolderSettings::new("https://images.example.com/assets")
            }),
        ),
    )))
    .unwrap();
    let sent = only_request(&fake);
    assert_eq!(sent.method, "PUT");
    assert_eq!(sent.uri, "https://api.imagekit.io/v1/accounts/origins/o1");
    assert_eq!(
        sent.body_json().unwrap(),
        json!({"name": "Assets", "type": "WEB_FOLDER", "baseUrl": "https://images.example.com/assets",
            "forwardHostHeaderToOrigin": true})
    );
    assert_eq!(updated.id, "o1");
    let OriginSettings::WebFolder(folder) = &updated.settings else {
        panic!("{updated:?}")
    };
    assert_eq!(folder.forward_host_header_to_origin, Some(true));
}

#[test]
fn create_url_endpoint_posts_origins_and_a_rewriter() {
    let (fake, ik) = setup(vec![FakeTransport::json(201, &url_endpoint())]);
    let created = block_on(
        ik.create_url_endpoint(&CreateUrlEndpoint::new(
            UrlEndpointRequest::new("My custom URL endpoint")
                .url_prefix("product-images")
                .origins(["origin-id-1", "origin-id-2"])
                .url_rewriter(UrlRewriter::cloudinary(true)),
        )),
    )
    .unwrap();
    let sent = only_request(&fake);
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.uri,
        "https://api.imagekit.io/v1/accounts/url-endpoints"
    );
    assert_eq!(
        sent.body_json().unwrap(),
        json!({"description": "My custom URL endpoint", "urlPrefix": "product-images",
            "origins": ["origin-id-1", "origin-id-2"],
            "urlRewriter": {"type": "CLOUDINARY", "preserveAssetDeliveryTypes": true}})
    );
    assert_eq!(created.id, "string");
    assert_eq!(created.url_prefix, "");
    assert!(created.origins.is_empty());
    let rewriter = created.url_rewriter.unwrap();
    assert_eq!(rewriter.rewriter_type, UrlRewriterType::Cloudinary);
    assert_eq!(rewriter.preserve_asset_delivery_types, Some(false));
}

#[test]
fn update_url_endpoint_puts_the_description_alone_when_only_it_is_given() {
    let answer = json!({"id": "ep_1", "description": "Imgix", "urlPrefix": "legacy",
        "origins": ["o1"], "urlRewriter": {"type": "IMGIX"}});
    let (fake, ik) = setup(vec![FakeTransport::json(200, &answer)]);
    let updated = block_on(ik.update_url_endpoint(&UpdateUrlEndpoint::new(
        "ep_1",
        UrlEndpointRequest::new("Imgix").url_rewriter(UrlRewriter::imgix()),
    )))
    .unwrap();
    let sent = only_request(&fake);
    assert_eq!(sent.method, "PUT");
    assert_eq!(
        sent.uri,
        "https://api.imagekit.io/v1/accounts/url-endpoints/ep_1"
    );
    assert_eq!(
        sent.body_json().unwrap(),
        json!({"description": "Imgix", "urlRewriter": {"type": "IMGIX"}})
    );
    assert_eq!(
        updated,
        UrlEndpoint {
            id: "ep_1".into(),
            description: "Imgix".into(),
            url_prefix: "legacy".into(),
            origins: vec!["o1".into()],
            url_rewriter: Some(UrlRewriter::imgix()),
            extra: Default::default(),
        }
    );
}

#[test]
fn get_usage_reads_the_figures() {
    let (_, ik) = setup(vec![FakeTransport::json(200, &usage())]);
    let usage = block_on(ik.get_usage(&GetUsage::new("2024-01-01", "2024-02-01"))).unwrap();
    assert_eq!(usage.bandwidth_bytes, Some(21_991_583_578));
    assert_eq!(usage.media_library_storage_bytes, Some(1_878_758_298));
    assert_eq!(usage.extension_units_count, Some(0));
}

#[rstest]
#[case::get_saved_extension(|ik: &ImageKit| block_on(ik.get_saved_extension(&GetSavedExtension::new(""))).map(drop))]
#[case::update_saved_extension(|ik: &ImageKit| block_on(ik.update_saved_extension(&UpdateSavedExtension::new("", SavedExtensionUpdate::new().name("n")))).map(drop))]
#[case::delete_saved_extension(|ik: &ImageKit| block_on(ik.delete_saved_extension(&DeleteSavedExtension::new(""))))]
#[case::get_origin(|ik: &ImageKit| block_on(ik.get_origin(&GetOrigin::new(""))).map(drop))]
#[case::update_origin(|ik: &ImageKit| block_on(ik.update_origin(&UpdateOrigin::new("", web_proxy("n")))).map(drop))]
#[case::delete_origin(|ik: &ImageKit| block_on(ik.delete_origin(&DeleteOrigin::new(""))))]
#[case::get_url_endpoint(|ik: &ImageKit| block_on(ik.get_url_endpoint(&GetUrlEndpoint::new(""))).map(drop))]
#[case::update_url_endpoint(|ik: &ImageKit| block_on(ik.update_url_endpoint(&UpdateUrlEndpoint::new("", UrlEndpointRequest::new("d")))).map(drop))]
#[case::delete_url_endpoint(|ik: &ImageKit| block_on(ik.delete_url_endpoint(&DeleteUrlEndpoint::new(""))))]
fn an_empty_id_is_refused_before_any_request(#[case] call: fn(&ImageKit) -> Result<(), Error>) {
    let (fake, ik) = setup(vec![]);
    let err = call(&ik).unwrap_err();
    assert_eq!(err.input_error(), Some(&InputError::EmptyId));
    assert_eq!(fake.request_count(), 0);
}

#[rstest]
#[case::get_saved_extension(|ik: &ImageKit| block_on(ik.get_saved_extension(&GetSavedExtension::new("nope"))).map(drop),
    404, "The requested saved extension does not exist.")]
#[case::create_saved_extension(|ik: &ImageKit| block_on(ik.create_saved_extension(&CreateSavedExtension::new(
        SavedExtensionRequest::new("n", "d", ExtensionConfig::Other { name: "bogus".into(), fields: Default::default() })))).map(drop),
    400, "Invalid extension configuration.")]
#[case::create_origin(|ik: &ImageKit| block_on(ik.create_origin(&CreateOrigin::new(OriginRequest::new("n",
        OriginSettings::Other { origin_type: "FTP".into(), fields: Default::default() })))).map(drop),
    400, "Invalid origin type. Must be one of S3, S3_COMPATIBLE, CLOUDINARY_BACKUP, WEB_FOLDER, WEB_PROXY, GCS, AZURE_BLOB, AKENEO_PIM.")]
#[case::delete_url_endpoint(|ik: &ImageKit| block_on(ik.delete_url_endpoint(&DeleteUrlEndpoint::new("default"))),
    400, "Default URL-endpoint cannot be deleted.")]
#[case::get_usage(|ik: &ImageKit| block_on(ik.get_usage(&GetUsage::new("2024-01-01", "2024-06-01"))).map(drop),
    400, "startDate and endDate should be within 90 days.")]
fn an_error_answer_becomes_an_error(
    #[case] call: fn(&ImageKit) -> Result<(), Error>,
    #[case] status: u16,
    #[case] message: &str,
) {
    let body = json!({"message": message, "help": "For support kindly contact us at support@imagekit.io."});
    let (fake, ik) = setup(vec![FakeTransport::response(
        status,
        &[
            ("content-type", "application/json"),
            ("x-ik-requestId", "req-123"),
        ],
        body.to_string(),
    )]);
    let err = call(&ik).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(err.message(), Some(message));
    assert_eq!(
        err.help(),
        Some("For support kindly contact us at support@imagekit.io.")
    );
    assert_eq!(err.request_id(), Some("req-123"));
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn creates_are_not_repeated_once_sent_and_the_rest_are() {
    assert_eq!(
        CreateSavedExtension::new(SavedExtensionRequest::new(
            "n",
            "d",
            ExtensionConfig::AiAutoDescription(Default::default())
        ))
        .repeat(),
        Repeat::IfNotSent
    );
    assert_eq!(
        CreateOrigin::new(web_proxy("n")).repeat(),
        Repeat::IfNotSent
    );
    assert_eq!(
        CreateUrlEndpoint::new(UrlEndpointRequest::new("d")).repeat(),
        Repeat::IfNotSent
    );
    assert_eq!(ListOrigins::new().repeat(), Repeat::Safe);
    assert_eq!(GetUrlEndpoint::new("x").repeat(), Repeat::Safe);
    assert_eq!(
        UpdateOrigin::new("x", web_proxy("n")).repeat(),
        Repeat::Safe
    );
    assert_eq!(DeleteSavedExtension::new("x").repeat(), Repeat::Safe);
    assert_eq!(GetUsage::new("a", "b").repeat(), Repeat::Safe);

    // Through the client: a 503 to a create is final, a 503 to a read is retried.
    let busy = || FakeTransport::json(503, &json!({"message": "busy"}));
    let (fake, ik) = setup(vec![busy(), FakeTransport::json(201, &origin())]);
    let err = block_on(ik.create_origin(&CreateOrigin::new(web_proxy("n")))).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(fake.request_count(), 1);
    let (fake, ik) = setup(vec![busy(), FakeTransport::json(200, &origin())]);
    block_on(ik.get_origin(&GetOrigin::new("o1"))).unwrap();
    assert_eq!(fake.request_count(), 2);
}

// ---------------------------------------------------------------------------------------------
// Contract cases: the same operations against Prism, live and replayed (see `contract!`).
// ---------------------------------------------------------------------------------------------

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
            ExtensionConfig::GoogleAutoTagging(AutoTagging::new(80, 10)),
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
                .config(ExtensionConfig::AiAutoDescription(Default::default())),
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
    assert_eq!(list[0].settings.origin_type(), "S3");
});

contract!(create_origin, |ik| async move {
    let created = ik
        .create_origin(&CreateOrigin::new(s3_request()))
        .await
        .unwrap();
    assert!(matches!(&created.settings, OriginSettings::S3(s3) if s3.bucket == "product-images"));
});

contract!(get_origin, |ik| async move {
    let got = ik.get_origin(&GetOrigin::new("origin-id-1")).await.unwrap();
    assert_eq!(got.name, "US S3 Storage");
});

contract!(update_origin, |ik| async move {
    let updated = ik
        .update_origin(&UpdateOrigin::new(
            "origin-id-1",
            OriginRequest::new(
                "Akeneo",
                OriginSettings::AkeneoPim(AkeneoPimSettings::new(
                    "https://akeneo.company.com",
                    "akeneo-client-id",
                    "akeneo-client-secret",
                    "integration-user",
                    "strongpassword123",
                )),
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
