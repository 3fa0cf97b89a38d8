//! The client configuration: the keys, endpoint, base URL and timeout from flags or the
//! environment; for each command a client built from only the settings it reads (a bad
//! `IMAGEKIT_URL_ENDPOINT` does not stop `ls`, nor a bad `IMAGEKIT_BASE_URL` `url`); and the
//! Tokio runtime the API commands run on.

use std::time::Duration;

use clap::Args;
use imagekit::{ImageKit, ImageKitBuilder, Timeouts};

/// A public demo endpoint, so `imagekit url` prints a working URL with no account.
const DEMO_ENDPOINT: &str = "https://ik.imagekit.io/demo";

#[derive(Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct Keys {
    /// URL endpoint (without one, the public demo endpoint https://ik.imagekit.io/demo).
    // The doc comment is also the --help text, where `<...>` around the URL would show.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, env = "IMAGEKIT_URL_ENDPOINT", global = true)]
    url_endpoint: Option<String>,
    /// Private key, needed to sign and for the API commands.
    #[arg(
        long,
        env = "IMAGEKIT_PRIVATE_KEY",
        hide_env_values = true,
        global = true
    )]
    private_key: Option<String>,
    /// Public key.
    #[arg(long, env = "IMAGEKIT_PUBLIC_KEY", global = true)]
    public_key: Option<String>,
    /// Base URL of the API and upload hosts (default: https://api.imagekit.io and
    /// https://upload.imagekit.io), e.g. a local stand-in.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, env = "IMAGEKIT_BASE_URL", global = true)]
    base_url: Option<String>,
    /// API commands: how long to wait for the server, in whole seconds (default 60): for an
    /// answer to each attempt of a request, and for an upload to make progress. A read that
    /// times out is tried again (3 attempts in all); an upload or another change is not.
    // Negative numbers reach the check below, which says what is wrong with them.
    #[arg(
        long,
        env = "IMAGEKIT_TIMEOUT",
        global = true,
        value_name = "SECONDS",
        allow_negative_numbers = true
    )]
    timeout: Option<String>,
}

/// The longest `--timeout`: a day.
const MAX_TIMEOUT: u64 = 24 * 60 * 60;

/// A setting as given by its flag or variable; an empty variable counts as unset.
fn given(setting: &Option<String>) -> Option<&str> {
    setting.as_deref().filter(|s| !s.is_empty())
}

/// A builder with the keys that are given.
fn with_keys(mut builder: ImageKitBuilder, keys: &Keys) -> ImageKitBuilder {
    if let Some(key) = given(&keys.private_key) {
        builder = builder.private_key(key);
    }
    if let Some(key) = given(&keys.public_key) {
        builder = builder.public_key(key);
    }
    builder
}

/// The client of `url`: the endpoint (the demo one when none is given) and the keys.
pub(crate) fn url_client(keys: &Keys) -> Result<ImageKit, String> {
    let endpoint = given(&keys.url_endpoint).unwrap_or(DEMO_ENDPOINT);
    with_keys(
        ImageKit::builder().url_endpoint(lower_scheme(endpoint)),
        keys,
    )
    .build()
    .map_err(|e| format!("IMAGEKIT_URL_ENDPOINT: {e}"))
}

/// The client of `auth-params`: the keys alone.
pub(crate) fn key_client(keys: &Keys) -> Result<ImageKit, String> {
    with_keys(ImageKit::builder(), keys)
        .build()
        .map_err(|e| e.to_string())
}

/// The client for API commands: the private key is required; `IMAGEKIT_BASE_URL` (or
/// `--base-url`) points both hosts at one server; `timeout` (`IMAGEKIT_TIMEOUT` or `--timeout`,
/// read by [`timeout`]) sets the attempt and idle timeouts. The URL endpoint is not read: no API
/// command builds a URL.
pub(crate) fn api_client(keys: &Keys, timeout: Option<Duration>) -> Result<ImageKit, String> {
    if given(&keys.private_key).is_none() {
        return Err(
            "the API commands need the private key: set IMAGEKIT_PRIVATE_KEY (or pass --private-key)"
                .to_string(),
        );
    }
    let timeouts = timeouts(timeout);
    let mut builder = with_keys(ImageKit::builder(), keys);
    if let Some(base) = given(&keys.base_url) {
        builder = builder.base_url(lower_scheme(base.trim_end_matches('/')));
    }
    let ik = builder.build().map_err(|e| e.to_string())?;
    Ok(ik.with_timeouts(timeouts))
}

/// `--timeout` (or `IMAGEKIT_TIMEOUT`) in whole seconds, 1 to a day, when given.
pub(crate) fn timeout(keys: &Keys) -> Result<Option<Duration>, String> {
    let Some(text) = given(&keys.timeout) else {
        return Ok(None);
    };
    let seconds = text
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|s| (1..=MAX_TIMEOUT).contains(s))
        .ok_or_else(|| {
            format!(
                "--timeout (or IMAGEKIT_TIMEOUT) {text:?} is not a whole number of seconds from 1 \
                 to {MAX_TIMEOUT}"
            )
        })?;
    Ok(Some(Duration::from_secs(seconds)))
}

/// The library's timeouts, with `limit` (`--timeout`) as the attempt and idle limits when given.
fn timeouts(limit: Option<Duration>) -> Timeouts {
    let mut timeouts = Timeouts::default();
    if limit.is_some() {
        timeouts.attempt = limit;
        timeouts.idle = limit;
    }
    timeouts
}

/// `text` with an `http://` or `https://` scheme written in any case (`HTTPS://`) in lower
/// case, as the library takes it; `None` for text that does not start with either.
pub(crate) fn http_url(text: &str) -> Option<String> {
    ["http://", "https://"].iter().find_map(|scheme| {
        let head = text.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| format!("{scheme}{}", &text[scheme.len()..]))
    })
}

/// `text` with its http(s) scheme in lower case, or as it is (for the library to refuse).
fn lower_scheme(text: &str) -> String {
    http_url(text).unwrap_or_else(|| text.to_string())
}

/// A multi-threaded Tokio runtime, which the library's hyper transport needs.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_schemes_in_any_case() {
        assert_eq!(
            http_url("HTTP://x.com/a").as_deref(),
            Some("http://x.com/a")
        );
        assert_eq!(http_url("hTTpS://x.com").as_deref(), Some("https://x.com"));
        assert_eq!(http_url("https://").as_deref(), Some("https://"));
        for not_http in [
            "./http://x",
            "httpx://x",
            "ftp://x",
            "HTTP:/x",
            "http",
            "",
            "é://",
        ] {
            assert_eq!(http_url(not_http), None, "{not_http}");
        }
    }

    fn keys(timeout: &str) -> Keys {
        Keys {
            url_endpoint: None,
            private_key: None,
            public_key: None,
            base_url: None,
            timeout: Some(timeout.to_string()),
        }
    }

    #[test]
    fn timeouts_set_the_attempt_and_idle_limits() {
        assert_eq!(timeouts(None), Timeouts::default());
        assert_eq!(
            timeout(&keys("")).unwrap(),
            None,
            "an empty variable is unset"
        );
        let five = timeout(&keys(" 5 ")).unwrap();
        assert_eq!(five, Some(Duration::from_secs(5)));
        let set = timeouts(five);
        assert_eq!((set.attempt, set.idle), (five, five));
        assert_eq!(set.connect, Timeouts::default().connect);
        for bad in [
            "0",
            "-3",
            "2.5",
            "1e3",
            "86401",
            "18446744073709551616",
            "x",
        ] {
            assert!(timeout(&keys(bad)).is_err(), "{bad}");
        }
    }
}
