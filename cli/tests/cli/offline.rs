//! The commands that need no server (URLs, signing), run as a user runs them: arguments,
//! environment and stdin in, stdout, stderr and exit status out.
//!
//! Every run clears IMAGEKIT_PRIVATE_KEY, IMAGEKIT_PUBLIC_KEY and IMAGEKIT_URL_ENDPOINT and sets
//! only what the test gives, so the developer's environment cannot leak in; and every run checks
//! that the private key it was given shows up in neither stdout nor stderr.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use rstest::rstest;
use serde_json::value::RawValue;

const PRIVATE_KEY: &str = "private_key_test";
const PUBLIC_KEY: &str = "public_key_test";
const ENDPOINT: &str = "https://ik.imagekit.io/test_url_endpoint";

/// The keys and endpoint of url.md's vectors.
const TEST_ACCOUNT: &[(&str, &str)] = &[
    ("IMAGEKIT_PRIVATE_KEY", PRIVATE_KEY),
    ("IMAGEKIT_PUBLIC_KEY", PUBLIC_KEY),
    ("IMAGEKIT_URL_ENDPOINT", ENDPOINT),
];

/// No key and no endpoint.
const NO_ENV: &[(&str, &str)] = &[];

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/url-public.jsonl"
));

use crate::support::run_with_stdin as run;

fn hmac_sha1_hex(key: &str, message: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

// ---- url --jsonl -------------------------------------------------------------------------------

struct Vector<'a> {
    /// The `input` object exactly as the file writes it.
    input: &'a str,
    expected: String,
}

fn vector(line: &str) -> Vector<'_> {
    let fields: HashMap<&str, &RawValue> =
        serde_json::from_str(line).expect("a vector line is a JSON object");
    Vector {
        input: fields["input"].get(),
        expected: serde_json::from_str(fields["expected"].get()).expect("expected is a string"),
    }
}

/// The vectors four times over (several chunks of lines), through one thread and through
/// several, which must keep the input's order.
#[rstest]
#[case::one_job_per_cpu(&["url", "--jsonl"])]
#[case::one_job(&["url", "--jsonl", "--jobs", "1"])]
#[case::three_jobs(&["url", "--jsonl", "--jobs", "3"])]
fn jsonl_answers_every_public_vector_on_its_line(#[case] args: &[&str]) {
    let vectors: Vec<Vector<'_>> = VECTORS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(vector)
        .collect();
    assert!(
        vectors.len() > 600,
        "the vector file looks truncated: {} cases",
        vectors.len()
    );
    let vectors: Vec<&Vector<'_>> = vectors.iter().cycle().take(4 * vectors.len()).collect();
    let stdin: String = vectors.iter().map(|v| format!("{}\n", v.input)).collect();

    let out = run(TEST_ACCOUNT, args, stdin.as_bytes());
    assert!(out.success(), "exit {:?}: {}", out.code, out.stderr);
    assert_eq!(out.stderr, "");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), vectors.len(), "one output line per input line");

    let failures: Vec<String> = vectors
        .iter()
        .zip(&lines)
        .enumerate()
        .filter(|(_, (v, got))| {
            if v.expected.starts_with("error:") {
                !got.starts_with("error:")
            } else {
                **got != v.expected
            }
        })
        .map(|(n, (v, got))| {
            format!(
                "input line {}: {}\n  expected {}\n  got      {got}",
                n + 1,
                v.input,
                v.expected
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[rstest]
#[case::empty_line(b"")]
#[case::not_json(b"not json")]
#[case::cut_object(b"{\"path\": \"/x.jpg\"")]
#[case::blank(b"   \t")]
#[case::array(b"[1, 2]")]
#[case::string(b"\"/x.jpg\"")]
#[case::no_path(b"{\"path\": \"/\"}")]
#[case::bad_signed(b"{\"path\": \"/x.jpg\", \"signed\": \"yes\"}")]
#[case::not_utf8(b"{\"path\": \"/\xff\xfe.jpg\"}")]
#[case::lone_cr(b"\r")]
fn jsonl_answers_a_bad_line_with_one_error_line(#[case] bad: &[u8]) {
    let mut stdin = b"{\"path\": \"/a.jpg\"}\n".to_vec();
    stdin.extend_from_slice(bad);
    stdin.extend_from_slice(b"\n{\"path\": \"/b.jpg\"}\n");

    let out = run(TEST_ACCOUNT, &["url", "--jsonl"], &stdin);
    assert!(out.success(), "exit {:?}: {}", out.code, out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "stdout: {:?}", out.stdout);
    assert_eq!(lines[0], format!("{ENDPOINT}/a.jpg"));
    assert!(lines[1].starts_with("error: "), "line 2: {:?}", lines[1]);
    assert_eq!(lines[2], format!("{ENDPOINT}/b.jpg"));
}

#[test]
fn jsonl_keeps_lines_aligned_around_several_bad_lines() {
    let stdin = "{\"path\": \"/1.jpg\"}\r\n\
                 \n\
                 {\"path\": \"/2.jpg\", \"transformation\": [{\"width\": 100}]}\n\
                 garbage\n\
                 \n\
                 {\"src\": \"https://example.com/3.jpg\", \"transformation\": [{\"width\": 100}]}\n\
                 {\"path\": \"/4.jpg\", \"signed\": true, \"now\": 1700000000, \"expire_seconds\": 60}";
    let out = run(TEST_ACCOUNT, &["url", "--jsonl"], stdin.as_bytes());
    assert!(out.success(), "exit {:?}: {}", out.code, out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "stdout: {:?}", out.stdout);
    assert_eq!(lines[0], format!("{ENDPOINT}/1.jpg"));
    assert!(lines[1].starts_with("error: "), "{:?}", lines[1]);
    assert_eq!(lines[2], format!("{ENDPOINT}/tr:w-100/2.jpg"));
    assert!(lines[3].starts_with("error: "), "{:?}", lines[3]);
    assert!(lines[4].starts_with("error: "), "{:?}", lines[4]);
    assert_eq!(lines[5], "https://example.com/3.jpg?tr=w-100");
    let sig = hmac_sha1_hex(PRIVATE_KEY, "4.jpg1700000060");
    assert_eq!(
        lines[6],
        format!("{ENDPOINT}/4.jpg?ik-t=1700000060&ik-s={sig}")
    );
}

#[test]
fn jsonl_with_no_input_prints_nothing() {
    let out = run(TEST_ACCOUNT, &["url", "--jsonl"], b"");
    assert!(out.success(), "exit {:?}: {}", out.code, out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "");
}

// ---- url -----------------------------------------------------------------------------------------

#[test]
fn url_without_env_uses_the_demo_endpoint() {
    let out = run(
        NO_ENV,
        &["url", "/default-image.jpg", "--tr", "h-300,w-400"],
        b"",
    );
    assert_eq!(
        out.line(),
        "https://ik.imagekit.io/demo/tr:h-300,w-400/default-image.jpg"
    );
}

#[rstest]
#[case::path(&["/a.jpg"], "/a.jpg")]
#[case::tr_in_path(&["/a.jpg", "--tr", "h-300,w-400"], "/tr:h-300,w-400/a.jpg")]
#[case::steps(&["/a.jpg", "--tr", "h-300,w-400:rt-90"], "/tr:h-300,w-400:rt-90/a.jpg")]
#[case::tr_in_query(&["/a.jpg", "--tr", "h-300,w-400", "--query"], "/a.jpg?tr=h-300%2Cw-400")]
#[case::param(&["/a.jpg", "--param", "v=1"], "/a.jpg?v=1")]
#[case::params_then_tr(
    &["/a.jpg", "--param", "v=1", "--param", "q=a b", "--tr", "w-100", "--query"],
    "/a.jpg?v=1&q=a+b&tr=w-100"
)]
#[case::param_value_with_equals(&["/a.jpg", "--param", "x=a=b"], "/a.jpg?x=a%3Db")]
#[case::param_replaces_path_query(&["/a.jpg?v=1&w=2", "--param", "v=3"], "/a.jpg?v=3&w=2")]
#[case::path_needs_encoding(&["/a b/é.jpg"], "/a%20b/%C3%A9.jpg")]
#[case::signed(
    &["/a.jpg", "--tr", "w-100", "--signed"],
    "/tr:w-100/a.jpg?ik-s=8a4d81e190528110e6835304625acb9df2fa38a0"
)]
fn url_prints_the_url(#[case] args: &[&str], #[case] want: &str) {
    let args: Vec<&str> = ["url"].iter().chain(args).copied().collect();
    let out = run(TEST_ACCOUNT, &args, b"");
    assert_eq!(out.line(), format!("{ENDPOINT}{want}"));
}

#[rstest]
#[case::src(&["https://example.com/x/a.jpg", "--tr", "w-100"], "https://example.com/x/a.jpg?tr=w-100")]
#[case::src_with_query(
    &["https://example.com/x/a.jpg?q=2", "--tr", "h-300,w-400"],
    "https://example.com/x/a.jpg?q=2&tr=h-300%2Cw-400"
)]
#[case::http_src(&["http://example.com/a.jpg", "--tr", "w-100"], "http://example.com/a.jpg?tr=w-100")]
#[case::src_on_endpoint(
    &["https://ik.imagekit.io/test_url_endpoint/a.jpg", "--tr", "w-100"],
    "https://ik.imagekit.io/test_url_endpoint/a.jpg?tr=w-100"
)]
fn url_with_a_full_url_puts_the_transformation_in_the_query(
    #[case] args: &[&str],
    #[case] want: &str,
) {
    let args: Vec<&str> = ["url"].iter().chain(args).copied().collect();
    let out = run(TEST_ACCOUNT, &args, b"");
    assert_eq!(out.line(), want);
}

#[rstest]
#[case::path(&["/a.jpg", "--tr", "w-100", "--signed"])]
#[case::query(&["/a.jpg", "--tr", "w-100", "--query", "--param", "v=1", "--signed"])]
#[case::src(&["https://example.com/a.jpg", "--tr", "w-100", "--signed"])]
#[case::src_on_endpoint(&["https://ik.imagekit.io/test_url_endpoint/a b.jpg", "--signed"])]
fn url_signed_matches_the_library(#[case] args: &[&str]) {
    use imagekit::{ImageKit, Transform, TransformationPosition, UrlOptions, Value};

    let argv: Vec<&str> = ["url"].iter().chain(args).copied().collect();
    let got = run(TEST_ACCOUNT, &argv, b"").line().to_string();
    assert!(got.contains("ik-s="), "{got}");

    let ik = ImageKit::new(ENDPOINT)
        .unwrap()
        .with_private_key(PRIVATE_KEY);
    let target = args[0];
    let tr = args.windows(2).find(|w| w[0] == "--tr").map(|w| w[1]);
    let steps: Vec<Transform<'_>> = tr.into_iter().map(Transform::Raw).collect();
    let steps: Vec<&[Transform<'_>]> = steps.iter().map(std::slice::from_ref).collect();
    let params: Vec<(&str, Value<'_>)> = args
        .windows(2)
        .filter(|w| w[0] == "--param")
        .map(|w| {
            let (name, value) = w[1].split_once('=').unwrap();
            (name, Value::Str(value))
        })
        .collect();
    let opts = if target.starts_with("https://") {
        UrlOptions::src(target)
    } else {
        UrlOptions::path(target)
    };
    let position = if args.contains(&"--query") {
        TransformationPosition::Query
    } else {
        TransformationPosition::Path
    };
    let opts = opts
        .transformation(&steps[..])
        .position(position)
        .query_parameters(&params)
        .signed(true);
    assert_eq!(got, ik.url(&opts).unwrap());
}

#[test]
fn url_signed_with_expire_adds_ik_t() {
    let before = now();
    let out = run(
        TEST_ACCOUNT,
        &[
            "url", "/a.jpg", "--tr", "w-100", "--signed", "--expire", "300",
        ],
        b"",
    );
    let after = now();
    let url = out.line();
    let prefix = format!("{ENDPOINT}/tr:w-100/a.jpg?ik-t=");
    let rest = url.strip_prefix(&prefix).unwrap_or_else(|| panic!("{url}"));
    let (expiry, sig) = rest.split_once("&ik-s=").unwrap_or_else(|| panic!("{url}"));
    let expiry: u64 = expiry.parse().unwrap();
    assert!(
        (before + 300..=after + 300).contains(&expiry),
        "ik-t={expiry}"
    );
    assert_eq!(
        sig,
        hmac_sha1_hex(PRIVATE_KEY, &format!("tr:w-100/a.jpg{expiry}"))
    );
}

#[rstest]
#[case::no_env(NO_ENV)]
#[case::endpoint_only(&[("IMAGEKIT_URL_ENDPOINT", ENDPOINT), ("IMAGEKIT_PUBLIC_KEY", PUBLIC_KEY)])]
#[case::empty_key(&[("IMAGEKIT_PRIVATE_KEY", ""), ("IMAGEKIT_URL_ENDPOINT", ENDPOINT)])]
fn url_signed_without_a_private_key_fails(#[case] env: &[(&str, &str)]) {
    let out = run(env, &["url", "/a.jpg", "--tr", "w-100", "--signed"], b"");
    let err = out.assert_error();
    assert!(
        err.contains("private key") && err.contains("IMAGEKIT_PRIVATE_KEY"),
        "{err}"
    );
}

#[rstest]
#[case::param_without_equals(&["url", "/a.jpg", "--param", "v"])]
#[case::empty_path(&["url", "/"])]
#[case::expire_without_signed(&["url", "/a.jpg", "--expire", "60"])]
#[case::jsonl_with_a_path(&["url", "--jsonl", "/a.jpg"])]
#[case::jobs_without_jsonl(&["url", "/a.jpg", "--jobs", "2"])]
#[case::no_jobs(&["url", "--jsonl", "--jobs", "0"])]
#[case::no_path(&["url"])]
fn url_refuses_bad_arguments(#[case] args: &[&str]) {
    run(TEST_ACCOUNT, args, b"").assert_error();
}

#[test]
fn url_with_a_bad_endpoint_fails() {
    let env = [("IMAGEKIT_URL_ENDPOINT", "ik.imagekit.io/demo")];
    let err = run(&env, &["url", "/a.jpg"], b"")
        .assert_error()
        .to_string();
    assert!(err.contains("IMAGEKIT_URL_ENDPOINT"), "{err}");
}

#[test]
fn flags_override_the_environment() {
    let out = run(
        TEST_ACCOUNT,
        &[
            "--url-endpoint",
            "https://example.com/ik",
            "--private-key",
            "other_key",
            "url",
            "/a.jpg",
            "--signed",
        ],
        b"",
    );
    let sig = hmac_sha1_hex("other_key", "a.jpg9999999999");
    assert_eq!(
        out.line(),
        format!("https://example.com/ik/a.jpg?ik-s={sig}")
    );
}

// ---- auth-params ---------------------------------------------------------------------------------

#[test]
fn auth_params_signs_token_and_expire() {
    let expire = now() + 600;
    let out = run(
        TEST_ACCOUNT,
        &[
            "auth-params",
            "--token",
            "your_token",
            "--expire",
            &expire.to_string(),
        ],
        b"",
    );
    let json: serde_json::Value = serde_json::from_str(out.line()).unwrap();
    let mut fields: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["expire", "signature", "token"]);
    assert_eq!(json["token"], "your_token");
    assert_eq!(json["expire"], expire);
    assert_eq!(
        json["signature"],
        hmac_sha1_hex(PRIVATE_KEY, &format!("your_token{expire}"))
    );
}

#[test]
fn auth_params_defaults_to_a_fresh_token_and_30_minutes() {
    let before = now();
    let out = run(TEST_ACCOUNT, &["auth-params"], b"");
    let after = now();
    let json: serde_json::Value = serde_json::from_str(out.line()).unwrap();
    let token = json["token"].as_str().unwrap();
    let expire = json["expire"].as_u64().unwrap();
    assert_eq!(token.len(), 36, "{token}");
    assert!((before + 1800..=after + 1800).contains(&expire), "{expire}");
    assert_eq!(
        json["signature"],
        hmac_sha1_hex(PRIVATE_KEY, &format!("{token}{expire}"))
    );

    let again = run(TEST_ACCOUNT, &["auth-params"], b"");
    let again: serde_json::Value = serde_json::from_str(again.line()).unwrap();
    assert_ne!(again["token"], json["token"], "the token must be fresh");
}

#[rstest]
#[case::no_env(NO_ENV)]
#[case::endpoint_and_public_key(&[("IMAGEKIT_URL_ENDPOINT", ENDPOINT), ("IMAGEKIT_PUBLIC_KEY", PUBLIC_KEY)])]
fn auth_params_without_a_private_key_fails(#[case] env: &[(&str, &str)]) {
    let err = run(env, &["auth-params", "--token", "your_token"], b"")
        .assert_error()
        .to_string();
    assert!(err.contains("private key"), "{err}");
}

#[rstest]
#[case::more_than_an_hour_ahead(3700)]
#[case::a_day_ahead(86_400)]
#[case::in_the_past(-60)]
fn auth_params_refuses_an_expire_out_of_range(#[case] from_now: i64) {
    let expire = (now() as i64 + from_now).to_string();
    let err = run(
        TEST_ACCOUNT,
        &["auth-params", "--token", "your_token", "--expire", &expire],
        b"",
    )
    .assert_error()
    .to_string();
    assert!(err.contains("expire"), "{err}");
}

// ---- phash -------------------------------------------------------------------------------------

#[rstest]
#[case("f06830ca9f1e3e90", "f06830ca9f1e3e90", "0")]
#[case("2d5ad3936d2e015b", "2d6ed293db36a4fb", "17")]
#[case("2d6ed293db36a4fb", "2d5ad3936d2e015b", "17")]
#[case("0000000000000000", "ffffffffffffffff", "64")]
#[case("F06830CA9F1E3E90", "f06830ca9f1e3e90", "0")]
fn phash_prints_the_distance(#[case] a: &str, #[case] b: &str, #[case] want: &str) {
    assert_eq!(run(NO_ENV, &["phash", a, b], b"").line(), want);
}

#[rstest]
#[case::not_hex("xyz", "2d6ed293db36a4fb")]
#[case::second_not_hex("2d6ed293db36a4fb", "2d6ed293db36a4fg")]
#[case::too_long("2d6ed293db36a4fb0", "2d6ed293db36a4fb")]
#[case::empty("", "2d6ed293db36a4fb")]
#[case::sign("+d6ed293db36a4fb", "2d6ed293db36a4fb")]
fn phash_refuses_bad_hex(#[case] a: &str, #[case] b: &str) {
    run(NO_ENV, &["phash", a, b], b"").assert_error();
}

// ---- the private key stays private ---------------------------------------------------------------

#[rstest]
#[case::help(&["--help"])]
#[case::short_help(&["-h"])]
#[case::help_command(&["help"])]
#[case::help_url(&["help", "url"])]
#[case::url_help(&["url", "--help"])]
#[case::url_short_help(&["url", "-h"])]
#[case::auth_params_help(&["auth-params", "--help"])]
#[case::phash_help(&["phash", "--help"])]
#[case::no_command(&[])]
#[case::unknown_command(&["upload"])]
#[case::url_without_path(&["url"])]
#[case::version(&["--version"])]
fn help_and_usage_do_not_show_the_private_key(#[case] args: &[&str]) {
    let secret = "sk_cli_test_5f3a9c";
    let env = [
        ("IMAGEKIT_PRIVATE_KEY", secret),
        ("IMAGEKIT_PUBLIC_KEY", PUBLIC_KEY),
        ("IMAGEKIT_URL_ENDPOINT", ENDPOINT),
    ];
    // `run` fails the test if the key shows up anywhere.
    let out = run(&env, args, b"");
    if args.contains(&"--help") || args.contains(&"-h") {
        assert!(out.success(), "{}", out.stderr);
        // The value is hidden, the variable's name is still documented.
        if args.first() != Some(&"phash") {
            assert!(
                out.stdout.contains("IMAGEKIT_PRIVATE_KEY"),
                "{}",
                out.stdout
            );
        }
    }
}

#[rstest]
#[case::signed_url(&["url", "/a.jpg", "--signed"])]
#[case::signed_expiring_url(&["url", "/a.jpg", "--signed", "--expire", "60"])]
#[case::auth_params(&["auth-params"])]
#[case::bad_expire(&["auth-params", "--expire", "1"])]
#[case::bad_param(&["url", "/a.jpg", "--signed", "--param", "x"])]
#[case::bad_phash(&["phash", "x", "y"])]
fn runs_with_a_key_do_not_show_it(#[case] args: &[&str]) {
    let secret = "sk_cli_test_5f3a9c";
    for env in [
        &[("IMAGEKIT_PRIVATE_KEY", secret)][..],
        &[
            ("IMAGEKIT_PRIVATE_KEY", secret),
            ("IMAGEKIT_URL_ENDPOINT", "not a url"),
        ],
    ] {
        // `run` fails the test if the key shows up anywhere.
        run(env, args, b"");
    }
    let with_flag: Vec<&str> = ["--private-key", secret]
        .iter()
        .chain(args)
        .copied()
        .collect();
    run(NO_ENV, &with_flag, b"");
}
