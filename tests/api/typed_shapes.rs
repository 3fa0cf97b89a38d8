//! The typed shapes of saved extension configurations, origin settings and custom metadata
//! field descriptions: each kind decoded from the OpenAPI file's and the official SDKs'
//! examples and written back unchanged, a kind this SDK does not know kept as it came, a known
//! kind that does not have its shape refused, and no origin secret in any `Debug` output.

use std::sync::Arc;

use futures_lite::future::block_on;
use imagekit::api::custom_metadata::{
    CreateCustomMetadataField, CustomMetadataField, CustomMetadataFieldType,
    UpdateCustomMetadataField,
};
use imagekit::api::extensions::{
    AiTask, AiTaskAction, AiTasks, ExtensionConfig, GetSavedExtension, SavedExtension, SelectTags,
    SetMetadata, UnsetMetadata, YesNo,
};
use imagekit::api::origins::{
    AkeneoPimSettings, AzureBlobSettings, CreateOrigin, GcsSettings, GetOrigin, Origin,
    OriginRequest, OriginSettings, OtherSettings, S3CompatibleSettings, S3Settings, UpdateOrigin,
    WebFolderSettings, WebProxySettings,
};
use imagekit::transport::testing::FakeTransport;
use rstest::rstest;
use serde_json::{json, Map, Value};

use crate::{fake_client, only_request};

/// `value` decoded as `T` and written back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_value(value.clone()).unwrap();
    let written = serde_json::to_value(&decoded).unwrap();
    (decoded, written)
}

// ---------------------------------------------------------------------------------------------
// Saved extension configurations.

/// The OpenAPI file's `SavedExtension` example (as Prism answers it).
fn remove_bg() -> Value {
    json!({"name": "remove-bg", "options": {"add_shadow": false, "semitransparency": true,
        "bg_color": "string", "bg_image_url": "string"}})
}

/// Every AI task and action of the OpenAPI file's `AITask*` examples, in one configuration.
fn ai_tasks() -> Value {
    json!({"name": "ai-tasks", "tasks": [
        // `@imagekit/nodejs` 7.11's `savedExtensions.create` example.
        {"instruction": "What types of clothing items are visible in this image?", "type": "select_tags",
            "vocabulary": ["shirt", "dress", "pants", "jacket", "shoes"], "max_selections": 3},
        {"type": "select_metadata", "instruction": "What is the primary color of the clothing?",
            "field": "primary_color", "vocabulary": ["red", "blue", 3, true], "min_selections": 1},
        {"type": "yes_no", "instruction": "Is this a luxury or high-end fashion item?",
            "on_yes": {"add_tags": ["luxury", "premium"], "remove_tags": ["budget", "affordable"],
                "set_metadata": [{"field": "price_range", "value": "premium"},
                    {"field": "sizes", "value": ["s", 2, false]}]},
            "on_no": {"unset_metadata": [{"field": "price_range"}]},
            "on_unknown": {}}
    ]})
}

#[rstest]
#[case::remove_bg(remove_bg(), |c: &ExtensionConfig| matches!(c,
    ExtensionConfig::RemoveBg(r) if r.options.as_ref().unwrap().semitransparency == Some(true)
        && r.options.as_ref().unwrap().bg_image_url.as_deref() == Some("string")))]
#[case::remove_bg_without_options(json!({"name": "remove-bg"}), |c: &ExtensionConfig| matches!(c,
    ExtensionConfig::RemoveBg(r) if r.options.is_none()))]
#[case::google_auto_tagging(json!({"name": "google-auto-tagging", "minConfidence": 80, "maxTags": 10}),
    |c: &ExtensionConfig| matches!(c,
        ExtensionConfig::GoogleAutoTagging(t) if t.min_confidence == 80 && t.max_tags == 10))]
#[case::aws_auto_tagging(json!({"name": "aws-auto-tagging", "minConfidence": 95, "maxTags": 5}),
    |c: &ExtensionConfig| matches!(c,
        ExtensionConfig::AwsAutoTagging(t) if t.min_confidence == 95 && t.max_tags == 5))]
#[case::ai_auto_description(json!({"name": "ai-auto-description"}), |c: &ExtensionConfig| matches!(c,
    ExtensionConfig::AiAutoDescription(d) if d.extra.is_empty()))]
#[case::ai_tasks(ai_tasks(), |c: &ExtensionConfig| matches!(c,
    ExtensionConfig::AiTasks(t) if t.tasks.len() == 3))]
#[case::unknown_extension(json!({"name": "ai-crop", "ratio": "1:1", "focus": {"x": 1}}),
    |c: &ExtensionConfig| matches!(c,
        ExtensionConfig::Other { name, fields } if name == "ai-crop" && fields["focus"]["x"] == 1))]
#[case::unknown_fields_of_a_known_extension(
    json!({"name": "google-auto-tagging", "minConfidence": 1, "maxTags": 2, "language": "de"}),
    |c: &ExtensionConfig| matches!(c,
        ExtensionConfig::GoogleAutoTagging(t) if t.extra["language"] == "de"))]
fn every_extension_config_decodes_and_is_written_back_unchanged(
    #[case] example: Value,
    #[case] expected: fn(&ExtensionConfig) -> bool,
) {
    let (config, written) = round_trip::<ExtensionConfig>(&example);
    assert!(expected(&config), "{config:?}");
    assert_eq!(config.name(), example["name"]);
    assert_eq!(written, example);
}

#[test]
fn ai_tasks_are_typed_down_to_their_actions() {
    let ExtensionConfig::AiTasks(AiTasks { tasks, .. }) =
        serde_json::from_value(ai_tasks()).unwrap()
    else {
        panic!()
    };
    let [AiTask::SelectTags(tags), AiTask::SelectMetadata(metadata), AiTask::YesNo(yes_no)] =
        &tasks[..]
    else {
        panic!("{tasks:?}")
    };
    assert_eq!(tags.max_selections, Some(3));
    assert_eq!(tags.vocabulary.as_ref().unwrap()[4], "shoes");
    assert_eq!(metadata.field, "primary_color");
    assert_eq!(metadata.vocabulary.as_ref().unwrap()[2], 3);
    assert_eq!(metadata.min_selections, Some(1));
    let on_yes = yes_no.on_yes.as_ref().unwrap();
    assert_eq!(
        on_yes.add_tags.as_deref(),
        Some(&["luxury".to_string(), "premium".to_string()][..])
    );
    let set = on_yes.set_metadata.as_ref().unwrap();
    assert_eq!(set[0], SetMetadata::new("price_range", "premium"));
    assert_eq!(set[1].value, json!(["s", 2, false]));
    assert_eq!(
        yes_no.on_no.as_ref().unwrap().unset_metadata,
        Some(vec![UnsetMetadata::new("price_range")])
    );
    assert_eq!(yes_no.on_unknown, Some(AiTaskAction::default()));
}

#[test]
fn an_ai_task_of_an_unknown_type_is_kept_beside_known_ones() {
    let example = json!({"name": "ai-tasks", "tasks": [
        {"type": "select_tags", "instruction": "Which?"},
        {"type": "describe", "instruction": "Describe it", "words": 20}
    ]});
    let (config, written) = round_trip::<ExtensionConfig>(&example);
    let ExtensionConfig::AiTasks(AiTasks { tasks, .. }) = &config else {
        panic!("{config:?}")
    };
    assert_eq!(tasks[0], AiTask::SelectTags(SelectTags::new("Which?")));
    assert_eq!(tasks[1].task_type(), "describe");
    let AiTask::Other { fields, .. } = &tasks[1] else {
        panic!("{tasks:?}")
    };
    assert_eq!(fields["words"], 20);
    assert_eq!(written, example);
}

#[test]
fn built_configurations_are_written_as_the_api_documents_them() {
    let luxury = YesNo {
        on_yes: Some(AiTaskAction {
            add_tags: Some(vec!["luxury".into()]),
            set_metadata: Some(vec![SetMetadata::new("tier", 1)]),
            ..Default::default()
        }),
        ..YesNo::new("Luxury?")
    };
    let config = ExtensionConfig::AiTasks(AiTasks::new([AiTask::YesNo(luxury)]));
    assert_eq!(
        serde_json::to_value(&config).unwrap(),
        json!({"name": "ai-tasks", "tasks": [{"type": "yes_no", "instruction": "Luxury?",
            "on_yes": {"add_tags": ["luxury"], "set_metadata": [{"field": "tier", "value": 1}]}}]})
    );
}

#[test]
fn the_kind_is_written_once_whatever_the_fields_hold() {
    let config = ExtensionConfig::Other {
        name: "ai-crop".into(),
        fields: Map::from_iter([
            ("name".to_string(), json!("other")),
            ("a".to_string(), json!(1)),
        ]),
    };
    assert_eq!(
        serde_json::to_string(&config).unwrap(),
        r#"{"name":"ai-crop","a":1}"#
    );
}

#[rstest]
#[case::no_name(json!({"minConfidence": 80, "maxTags": 10}))]
#[case::name_not_a_string(json!({"name": 7}))]
#[case::known_kind_missing_a_field(json!({"name": "google-auto-tagging", "maxTags": 10}))]
#[case::known_kind_with_a_wrong_type(json!({"name": "ai-tasks", "tasks": "all"}))]
#[case::task_without_type(json!({"name": "ai-tasks", "tasks": [{"instruction": "Which?"}]}))]
fn a_configuration_without_its_shape_is_an_unreadable_answer(#[case] config: Value) {
    let fake = Arc::new(FakeTransport::new());
    fake.push(Ok(FakeTransport::json(
        200,
        &json!({"id": "ext_1", "name": "n", "config": config}),
    )));
    let ik = fake_client(&fake);
    let err = block_on(ik.get_saved_extension(&GetSavedExtension::new("ext_1"))).unwrap_err();
    assert!(err.is_decode(), "{err:?}");
}

#[test]
fn a_saved_extension_is_written_back_with_only_the_fields_it_came_with() {
    let example = json!({"id": "ext_1", "name": "Tags", "config": {"name": "ai-auto-description"}});
    let (saved, written) = round_trip::<SavedExtension>(&example);
    assert_eq!(saved.description, None);
    assert_eq!(written, example);
}

// ---------------------------------------------------------------------------------------------
// Origin settings.

/// The OpenAPI file's `OriginResponse` examples, one per type (its property examples).
fn origin_answers() -> [Value; 8] {
    let common = |kind: &str, fields: Value| {
        let mut origin = json!({"id": "origin-id-1", "type": kind, "name": "US S3 Storage",
            "includeCanonicalHeader": false, "baseUrlForCanonicalHeader": "https://cdn.example.com"});
        origin
            .as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        origin
    };
    [
        common(
            "S3",
            json!({"bucket": "product-images", "prefix": "raw-assets", "useIAMRole": true}),
        ),
        common(
            "S3_COMPATIBLE",
            json!({"bucket": "product-images", "prefix": "raw-assets",
                "endpoint": "https://s3.eu-central-1.wasabisys.com", "s3ForcePathStyle": true}),
        ),
        common(
            "CLOUDINARY_BACKUP",
            json!({"bucket": "product-images", "prefix": "raw-assets", "useIAMRole": false}),
        ),
        common(
            "WEB_FOLDER",
            json!({"baseUrl": "https://images.example.com/assets", "forwardHostHeaderToOrigin": false}),
        ),
        common("WEB_PROXY", json!({})),
        common(
            "GCS",
            json!({"bucket": "gcs-media", "prefix": "products",
                "clientEmail": "service-account@project.iam.gserviceaccount.com"}),
        ),
        common(
            "AZURE_BLOB",
            json!({"container": "images", "prefix": "uploads", "accountName": "account123"}),
        ),
        common(
            "AKENEO_PIM",
            json!({"baseUrl": "https://akeneo.company.com"}),
        ),
    ]
}

#[test]
fn every_origin_type_decodes_typed_and_is_written_back_unchanged() {
    let origins: Vec<Origin> = origin_answers()
        .iter()
        .map(|answer| {
            let (origin, written) = round_trip::<Origin>(answer);
            assert_eq!(&written, answer);
            assert_eq!(origin.settings.origin_type(), answer["type"]);
            assert_eq!(origin.id, "origin-id-1");
            origin
        })
        .collect();
    let [s3, compatible, cloudinary, folder, proxy, gcs, azure, akeneo] = &origins[..] else {
        panic!()
    };
    assert!(
        matches!(&s3.settings, OriginSettings::S3(s) if s.bucket == "product-images"
        && s.prefix.as_deref() == Some("raw-assets") && s.use_iam_role == Some(true)
        && s.access_key.is_none() && s.secret_key.is_none())
    );
    assert!(
        matches!(&compatible.settings, OriginSettings::S3Compatible(s)
        if s.endpoint == "https://s3.eu-central-1.wasabisys.com" && s.s3_force_path_style == Some(true))
    );
    assert!(
        matches!(&cloudinary.settings, OriginSettings::CloudinaryBackup(s) if s.use_iam_role == Some(false))
    );
    assert!(matches!(&folder.settings, OriginSettings::WebFolder(s)
        if s.base_url == "https://images.example.com/assets" && s.forward_host_header_to_origin == Some(false)));
    assert!(matches!(&proxy.settings, OriginSettings::WebProxy(s) if s.extra.is_empty()));
    assert_eq!(
        proxy.base_url_for_canonical_header.as_deref(),
        Some("https://cdn.example.com")
    );
    assert!(matches!(&gcs.settings, OriginSettings::Gcs(s)
        if s.client_email == "service-account@project.iam.gserviceaccount.com" && s.private_key.is_none()));
    assert!(matches!(&azure.settings, OriginSettings::AzureBlob(s)
        if s.container == "images" && s.account_name == "account123" && s.sas_token.is_none()));
    assert!(
        matches!(&akeneo.settings, OriginSettings::AkeneoPim(s) if s.base_url == "https://akeneo.company.com")
    );
}

#[test]
fn an_origin_of_an_unknown_type_and_unknown_settings_are_kept() {
    let ftp = json!({"id": "9", "type": "FTP", "name": "a", "includeCanonicalHeader": false,
        "host": "ftp.example.com", "port": 21});
    let (origin, written) = round_trip::<Origin>(&ftp);
    assert_eq!(written, ftp);
    let OriginSettings::Other {
        origin_type,
        fields,
    } = &origin.settings
    else {
        panic!("{origin:?}")
    };
    assert_eq!(origin_type, "FTP");
    assert_eq!(fields["host"], "ftp.example.com");

    let newer = json!({"id": "1", "type": "WEB_FOLDER", "name": "a", "includeCanonicalHeader": true,
        "baseUrl": "https://x.example", "forwardHostHeaderToOrigin": false, "timeoutSeconds": 5});
    let (origin, written) = round_trip::<Origin>(&newer);
    assert_eq!(written, newer);
    let OriginSettings::WebFolder(folder) = &origin.settings else {
        panic!("{origin:?}")
    };
    assert_eq!(folder.extra["timeoutSeconds"], 5);
}

#[rstest]
#[case::no_type(json!({"id": "1", "name": "a", "bucket": "b"}))]
#[case::type_not_a_string(json!({"id": "1", "name": "a", "type": 3}))]
#[case::s3_without_bucket(json!({"id": "1", "name": "a", "type": "S3", "prefix": ""}))]
#[case::web_folder_base_url_not_a_string(json!({"id": "1", "name": "a", "type": "WEB_FOLDER", "baseUrl": 1}))]
fn an_origin_without_its_shape_is_an_unreadable_answer(#[case] answer: Value) {
    let fake = Arc::new(FakeTransport::new());
    fake.push(Ok(FakeTransport::json(200, &answer)));
    let ik = fake_client(&fake);
    let err = block_on(ik.get_origin(&GetOrigin::new("1"))).unwrap_err();
    assert!(err.is_decode(), "{err:?}");
}

/// A setting a newer API takes, given by its name.
fn with_extra(mut settings: WebProxySettings, name: &str, value: &str) -> WebProxySettings {
    settings.extra.insert(name.into(), value.into());
    settings
}

#[rstest]
// The OpenAPI file's `OriginRequest` example.
#[case::s3(OriginSettings::S3(S3Settings { prefix: Some("images".into()), ..S3Settings::new("test-bucket", "AKIATEST123", "secrettest123") }),
    json!({"bucket": "test-bucket", "prefix": "images", "accessKey": "AKIATEST123", "secretKey": "secrettest123"}))]
#[case::s3_iam_role(OriginSettings::S3(S3Settings::iam_role("product-images")),
    json!({"bucket": "product-images", "useIAMRole": true, "accessKey": "", "secretKey": ""}))]
#[case::s3_compatible(OriginSettings::S3Compatible(S3CompatibleSettings { s3_force_path_style: Some(true),
        ..S3CompatibleSettings::new("product-images", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "https://s3.eu-central-1.wasabisys.com") }),
    json!({"bucket": "product-images", "accessKey": "AKIAIOSFODNN7EXAMPLE", "secretKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "endpoint": "https://s3.eu-central-1.wasabisys.com", "s3ForcePathStyle": true}))]
#[case::cloudinary_backup(OriginSettings::CloudinaryBackup(S3Settings::new("product-images", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI")),
    json!({"bucket": "product-images", "accessKey": "AKIAIOSFODNN7EXAMPLE", "secretKey": "wJalrXUtnFEMI"}))]
#[case::web_folder(OriginSettings::WebFolder(WebFolderSettings { forward_host_header_to_origin: Some(true),
        ..WebFolderSettings::new("https://images.example.com/assets") }),
    json!({"baseUrl": "https://images.example.com/assets", "forwardHostHeaderToOrigin": true}))]
#[case::web_proxy(OriginSettings::WebProxy(WebProxySettings::default()), json!({}))]
#[case::gcs(OriginSettings::Gcs(GcsSettings { prefix: Some("products".into()),
        ..GcsSettings::new("gcs-media", "service-account@project.iam.gserviceaccount.com", "-----BEGIN PRIVATE KEY-----\nMIIEv...") }),
    json!({"bucket": "gcs-media", "prefix": "products", "clientEmail": "service-account@project.iam.gserviceaccount.com",
        "privateKey": "-----BEGIN PRIVATE KEY-----\nMIIEv..."}))]
#[case::azure_blob(OriginSettings::AzureBlob(AzureBlobSettings::new("images", "account123", "?sv=2023-01-03&sr=c&sig=abc123")),
    json!({"container": "images", "accountName": "account123", "sasToken": "?sv=2023-01-03&sr=c&sig=abc123"}))]
#[case::akeneo_pim(OriginSettings::AkeneoPim(AkeneoPimSettings::new("https://akeneo.company.com", "akeneo-client-id",
        "akeneo-client-secret", "integration-user", "strongpassword123")),
    json!({"baseUrl": "https://akeneo.company.com", "clientId": "akeneo-client-id", "clientSecret": "akeneo-client-secret",
        "username": "integration-user", "password": "strongpassword123"}))]
#[case::unknown_setting(OriginSettings::WebProxy(with_extra(WebProxySettings::default(), "timeout", "5s")),
    json!({"timeout": "5s"}))]
#[case::unknown_type(OriginSettings::Other { origin_type: "FTP".into(),
        fields: OtherSettings(Map::from_iter([("host".to_string(), json!("ftp.example.com"))])) },
    json!({"host": "ftp.example.com"}))]
fn origin_requests_send_their_type_and_every_setting(
    #[case] settings: OriginSettings,
    #[case] fields: Value,
) {
    let kind = settings.origin_type().to_string();
    let fake = Arc::new(FakeTransport::new());
    fake.push(Ok(FakeTransport::json(201, &origin_answers()[0])));
    let ik = fake_client(&fake);
    block_on(ik.create_origin(&CreateOrigin::new(OriginRequest::new(
        "My Origin",
        settings,
    ))))
    .unwrap();
    let mut expected = json!({"name": "My Origin", "type": kind});
    expected
        .as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    assert_eq!(only_request(&fake).body_json().unwrap(), expected);
}

#[rstest]
#[case::s3(OriginSettings::S3(S3Settings::new("b", "AKIA_SECRET_1", "SECRET_2")), &["AKIA_SECRET_1", "SECRET_2"])]
#[case::s3_compatible(OriginSettings::S3Compatible(S3CompatibleSettings::new("b", "SECRET_1", "SECRET_2", "https://e.example")), &["SECRET_1", "SECRET_2"])]
#[case::cloudinary(OriginSettings::CloudinaryBackup(S3Settings::new("b", "SECRET_1", "SECRET_2")), &["SECRET_1", "SECRET_2"])]
#[case::gcs(OriginSettings::Gcs(GcsSettings::new("b", "a@b.example", "SECRET_1")), &["SECRET_1"])]
#[case::azure(OriginSettings::AzureBlob(AzureBlobSettings::new("c", "acc", "SECRET_1")), &["SECRET_1"])]
#[case::akeneo(OriginSettings::AkeneoPim(AkeneoPimSettings::new("https://a.example", "id", "SECRET_1", "user", "SECRET_2")), &["SECRET_1", "SECRET_2"])]
#[case::unknown_setting(OriginSettings::WebProxy(with_extra(WebProxySettings::default(), "apiToken", "SECRET_1")), &["SECRET_1"])]
#[case::unknown_type(OriginSettings::Other { origin_type: "FTP".into(),
    fields: OtherSettings(Map::from_iter([("password".to_string(), json!("SECRET_1"))])) }, &["SECRET_1"])]
fn origin_secrets_are_sent_but_never_shown_in_debug(
    #[case] settings: OriginSettings,
    #[case] secrets: &[&str],
) {
    let request = OriginRequest::new("n", settings);
    let body = serde_json::to_string(&request).unwrap();
    for shown in [
        format!("{request:?}"),
        format!("{request:#?}"),
        format!("{:?}", request.settings),
        format!("{:?}", CreateOrigin::new(request.clone())),
        format!("{:?}", UpdateOrigin::new("o1", request.clone())),
    ] {
        for secret in secrets {
            assert!(body.contains(secret), "{body}");
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    // What is not secret still shows.
    assert!(format!("{request:?}").contains("\"n\""));
}

// ---------------------------------------------------------------------------------------------
// Custom metadata field descriptions (new in `@imagekit/nodejs` 7.11).

#[test]
fn a_field_is_created_with_its_description_and_reads_it_back() {
    let answer = json!({"id": "f1", "name": "price", "label": "Price",
        "description": "The retail price, in cents", "schema": {"type": "Number", "minValue": 0}});
    let fake = Arc::new(FakeTransport::new());
    fake.push(Ok(FakeTransport::json(201, &answer)));
    let ik = fake_client(&fake);
    let mut create =
        CreateCustomMetadataField::new("price", "Price", CustomMetadataFieldType::Number);
    create.description = Some("The retail price, in cents".into());
    let field = block_on(ik.create_custom_metadata_field(&create)).unwrap();
    assert_eq!(
        only_request(&fake).body_json().unwrap(),
        json!({"name": "price", "label": "Price", "schema": {"type": "Number"},
            "description": "The retail price, in cents"})
    );
    assert_eq!(
        field.description.as_deref(),
        Some("The retail price, in cents")
    );
    assert_eq!(serde_json::to_value(&field).unwrap(), answer);
}

#[rstest]
#[case::set(Some("Shown as a hint"), json!({"description": "Shown as a hint"}))]
#[case::cleared(Some(""), json!({"description": ""}))]
#[case::untouched(None, json!({"label": "Price"}))]
fn an_update_sends_the_description_only_when_given(
    #[case] description: Option<&str>,
    #[case] body: Value,
) {
    let answer =
        json!({"id": "f1", "name": "price", "label": "Price", "schema": {"type": "Number"}});
    let fake = Arc::new(FakeTransport::new());
    fake.push(Ok(FakeTransport::json(200, &answer)));
    let ik = fake_client(&fake);
    let mut update = UpdateCustomMetadataField::new("f1");
    update.description = description.map(str::to_string);
    if description.is_none() {
        update.label = Some("Price".into());
    }
    let field = block_on(ik.update_custom_metadata_field(&update)).unwrap();
    assert_eq!(only_request(&fake).body_json().unwrap(), body);
    // A field without a description has none, and is written back without one.
    assert_eq!(field.description, None);
    let (_, written) = round_trip::<CustomMetadataField>(&answer);
    assert_eq!(written, answer);
}
