//! `ImageKit::from_env`. It sets process-wide variables, so it lives in this binary, whose
//! other tests only build URLs: nothing else here reads the environment or resolves a host.

use imagekit::api::Host;
use imagekit::{ImageKit, InputError, UrlOptions};

#[test]
fn the_environment_configures_keys_endpoint_and_one_base_url() {
    std::env::set_var("IMAGEKIT_URL_ENDPOINT", "https://ik.imagekit.io/env_test");
    std::env::set_var("IMAGEKIT_PRIVATE_KEY", "private_key_test");
    std::env::set_var("IMAGEKIT_PUBLIC_KEY", "public_key_test");
    std::env::set_var("IMAGEKIT_BASE_URL", "http://127.0.0.1:4010/");
    let ik = ImageKit::from_env().unwrap();
    assert_eq!(ik.url_endpoint(), "https://ik.imagekit.io/env_test");
    assert_eq!(ik.public_key(), Some("public_key_test"));
    assert_eq!(ik.api().base(Host::Api), "http://127.0.0.1:4010");
    assert_eq!(ik.api().base(Host::Upload), "http://127.0.0.1:4010");
    let upload = ik
        .api()
        .empty(http::Method::POST, Host::Upload, "/api/v1/files/upload")
        .unwrap();
    assert_eq!(upload.uri(), "http://127.0.0.1:4010/api/v1/files/upload");
    assert!(!format!("{ik:?}").contains("private_key_test"));

    std::env::set_var("IMAGEKIT_BASE_URL", "");
    let ik = ImageKit::from_env().unwrap();
    assert_eq!(ik.api().base(Host::Api), "https://api.imagekit.io");
    assert_eq!(ik.api().base(Host::Upload), "https://upload.imagekit.io");

    // Without an endpoint the client makes API calls only; a URL names what is missing.
    std::env::set_var("IMAGEKIT_URL_ENDPOINT", "");
    let api_only = ImageKit::from_env().unwrap();
    assert_eq!(api_only.api().base(Host::Api), "https://api.imagekit.io");
    let err = api_only.url(&UrlOptions::path("/a.jpg")).unwrap_err();
    assert_eq!(err.input_error(), Some(&InputError::EndpointEmpty));

    // An invalid endpoint is refused, naming the variable.
    std::env::set_var("IMAGEKIT_URL_ENDPOINT", "ik.imagekit.io/env_test");
    let err = ImageKit::from_env().unwrap_err();
    assert_eq!(
        err.to_string(),
        "IMAGEKIT_URL_ENDPOINT: url_endpoint must start with http:// or https://"
    );
    std::env::set_var("IMAGEKIT_URL_ENDPOINT", "https://ik.imagekit.io/env_test");

    // A base URL that would send requests elsewhere is refused, naming the variable.
    std::env::set_var("IMAGEKIT_BASE_URL", "http://127.0.0.1:4010/?q=1");
    let err = ImageKit::from_env().unwrap_err();
    assert!(err.to_string().contains("IMAGEKIT_BASE_URL"), "{err}");
    std::env::set_var("IMAGEKIT_BASE_URL", "");

    // The webhook secret events are verified with; an empty one counts as unset.
    let body = br#"{"type":"folder.deleted","id":"evt_1","data":{"folderId":"d_1"}}"#;
    let mut headers = http::HeaderMap::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let signature = imagekit::sign_legacy_webhook("whsec_env", now, body);
    headers.insert("x-ik-signature", signature.parse().unwrap());
    std::env::set_var("IMAGEKIT_WEBHOOK_SECRET", "whsec_env");
    let ik = ImageKit::from_env().unwrap();
    assert!(!format!("{ik:?}").contains("whsec_env"));
    assert!(ik.webhook_event(&headers, body).is_ok());
    std::env::set_var("IMAGEKIT_WEBHOOK_SECRET", "");
    let err = ImageKit::from_env().unwrap().webhook_event(&headers, body);
    assert_eq!(err, Err(imagekit::WebhookError::MissingSecret));
}
