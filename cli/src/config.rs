//! The client configuration: the keys, endpoint and base URL from flags or the environment,
//! the `ImageKit` clients built from them, and the Tokio runtime the API commands run on.

use clap::Args;
use imagekit::ImageKit;

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
}

/// The client for the commands that make no request: the demo endpoint when none is given.
pub(crate) fn client(keys: &Keys) -> Result<ImageKit, String> {
    // An empty variable counts as unset, as it does for the keys.
    let endpoint = keys
        .url_endpoint
        .as_deref()
        .filter(|e| !e.is_empty())
        .unwrap_or(DEMO_ENDPOINT);
    let mut ik = ImageKit::new(endpoint).map_err(|e| format!("IMAGEKIT_URL_ENDPOINT: {e}"))?;
    if let Some(key) = keys.private_key.as_deref().filter(|k| !k.is_empty()) {
        ik = ik.with_private_key(key);
    }
    if let Some(key) = keys.public_key.clone().filter(|k| !k.is_empty()) {
        ik = ik.with_public_key(key);
    }
    Ok(ik)
}

/// The client for API commands: the private key is required; `IMAGEKIT_BASE_URL` (or
/// `--base-url`) points both hosts at one server.
pub(crate) fn api_client(keys: &Keys) -> Result<ImageKit, String> {
    if keys.private_key.as_deref().is_none_or(str::is_empty) {
        return Err(
            "the API commands need the private key: set IMAGEKIT_PRIVATE_KEY (or pass --private-key)"
                .to_string(),
        );
    }
    let mut ik = client(keys)?;
    if let Some(base) = keys.base_url.as_deref().filter(|b| !b.is_empty()) {
        ik = ik.with_base_url(base.trim_end_matches('/'));
    }
    Ok(ik)
}

/// A multi-threaded Tokio runtime, which the library's hyper transport needs.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}
