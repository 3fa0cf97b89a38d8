//! Reaching Prism, which serves ImageKit's OpenAPI file on loopback (.ci/run starts it): its URL
//! from `IMAGEKIT_PRISM_URL`, and the client every contract test runs on.

/// The private key of every contract client. Recording scrubs it (and the `Authorization`
/// header it makes) from the fixtures.
pub(crate) const PRIVATE_KEY: &str = "private_key_test";

/// Prism's URL from `IMAGEKIT_PRISM_URL`, or `None` after saying `test` is skipped.
pub(crate) fn prism_url(test: &str) -> Option<String> {
    let Some(base) = std::env::var("IMAGEKIT_PRISM_URL")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        eprintln!("skipped {test}: IMAGEKIT_PRISM_URL is not set (.ci/run starts Prism)");
        return None;
    };
    Some(base.trim_end_matches('/').to_owned())
}

/// The contract tests' client on `base`, without a transport (the default one) and without
/// retries, so each operation is exactly one exchange.
pub(crate) fn contract_client(base: &str) -> imagekit::ImageKit {
    imagekit::ImageKit::new("https://ik.imagekit.io/test_url_endpoint")
        .unwrap()
        .with_private_key(PRIVATE_KEY)
        .with_public_key("public_key_test")
        .with_base_url(base)
        .with_retry_policy(imagekit::RetryPolicy::none())
}
