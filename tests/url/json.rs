//! The JSON options as text (`url_from_json_str`): what the reader settles that the vectors show
//! only once or not at all (repeated names, escapes, numbers, nesting), and `url_from_json` on a
//! `serde_json::Value` agreeing with it.

use imagekit::{ImageKit, InputError};
use rstest::rstest;

const ENDPOINT: &str = "https://ik.imagekit.io/test_url_endpoint";

fn ik() -> ImageKit {
    ImageKit::new(ENDPOINT)
        .unwrap()
        .with_private_key("private_key_test")
}

/// The URL of `json`, or `error: …`.
fn url(json: &str) -> String {
    match ik().url_from_json_str(json) {
        Ok(url) => url.strip_prefix(ENDPOINT).unwrap_or(&url).to_string(),
        Err(e) => format!("error: {e}"),
    }
}

#[rstest]
#[case::step_entry_keeps_its_first_place(
    r#"{"path": "/a.jpg", "transformation": [{"width": 100, "height": 200, "width": 300}]}"#,
    "/tr:w-300,h-200/a.jpg"
)]
#[case::only_the_last_value_is_checked(
    r#"{"path": 5, "signed": "yes", "path": "/a.jpg", "signed": false}"#,
    "/a.jpg"
)]
#[case::a_bad_last_value_is_an_error(
    r#"{"path": "/a.jpg", "path": 5}"#,
    "error: path must be a string"
)]
#[case::a_bad_entry_replaced_later(
    r#"{"path": "/a.jpg", "transformation": [{"width": {}, "height": 1, "width": 2}]}"#,
    "/tr:w-2,h-1/a.jpg"
)]
#[case::errors_deep_in_a_replaced_value_do_not_count(
    r#"{"path": "/a.jpg", "transformation": [{"": 1, "overlay": {"type": "x", "size": 1}}], "transformation": null}"#,
    "/a.jpg"
)]
#[case::a_bad_step_entry_replaced_by_a_bad_one(
    r#"{"path": "/a.jpg", "transformation": [{"width": 1, "width": {}}]}"#,
    "error: object value for 'width'"
)]
#[case::a_null_last_value_drops_the_parameter(
    r#"{"path": "/a.jpg", "query_parameters": {"a": "1", "b": "2", "a": null}}"#,
    "/a.jpg?b=2"
)]
#[case::overlay_keys(
    r#"{"path": "/a.jpg", "transformation": [{"overlay": {"type": "text", "text": "A", "text": "B"}}]}"#,
    "/tr:l-text,i-B,l-end/a.jpg"
)]
#[case::escaped_and_plain_names_are_one_name(
    r#"{"p\u0061th": "/a.jpg", "transformation": [{"w\u0069dth": 1, "width": 2}]}"#,
    "/tr:w-2/a.jpg"
)]
fn a_repeated_name_means_its_last_value_at_its_first_place(#[case] json: &str, #[case] want: &str) {
    assert_eq!(url(json), want);
}

#[test]
fn many_names_in_a_step_are_read_in_linear_time() {
    // 100,000 names, each given twice: a scan per name would be billions of comparisons.
    let names: Vec<String> = (0..100_000).map(|i| format!("\"n{i}\": 1")).collect();
    let json = format!(
        r#"{{"path": "/a.jpg", "transformation": [{{{}, {}, "n0": 2}}]}}"#,
        names.join(", "),
        names.join(", ")
    );
    let started = std::time::Instant::now();
    let got = url(&json);
    // A generous bound: the hash map takes well under a second.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(got.starts_with("/tr:n0-2,n1-1,n2-1,"), "{}", &got[..40]);
    assert_eq!(got.matches(',').count(), 99_999);
}

#[rstest]
#[case::tiny_float("1e-30", "0.000000000000000000000000000001")]
#[case::big_float("1e21", "1000000000000000000000.0")]
#[case::integral_float("60.0", "60.0")]
#[case::negative_zero_float("-0.0", "0.0")]
#[case::negative_zero_integer("-0", "0")]
#[case::largest_integer("9007199254740992", "9007199254740992")]
#[case::smallest_integer("-9007199254740992", "-9007199254740992")]
#[case::halfway_rounds_to_even("9007199254740993.0", "9007199254740992.0")]
#[case::many_digits("0.1000000000000000055511151231257827", "0.1")]
fn numbers_are_read_as_written(#[case] number: &str, #[case] want: &str) {
    let json = format!(r#"{{"path": "/a.jpg", "transformation": [{{"zoom": {number}}}]}}"#);
    assert_eq!(url(&json), format!("/tr:z-{want}/a.jpg"));
}

#[rstest]
#[case::in_an_option_not_read(r#"{"path": "/a.jpg", "expire_seconds": 9007199254740993}"#)]
#[case::in_a_replaced_value(r#"{"path": "/a.jpg", "now": -9007199254740993, "now": 1}"#)]
#[case::in_a_list(r#"{"path": "/a.jpg", "transformation": [{"sr": [240, 18446744073709551616]}]}"#)]
fn an_integer_beyond_2_pow_53_is_an_error_anywhere(#[case] json: &str) {
    let err = ik().url_from_json_str(json).unwrap_err();
    assert!(
        matches!(err.input_error(), Some(InputError::IntegerOutOfRange(_))),
        "{err}"
    );
}

#[test]
fn a_float_beyond_the_f64_range_is_an_error() {
    assert_eq!(
        url(r#"{"path": "/a.jpg", "transformation": [{"zoom": 1e400}]}"#),
        "error: number 1e400 is beyond the range of a 64-bit float"
    );
}

#[test]
fn escapes_are_decoded() {
    assert_eq!(
        url(
            r#"{"path": "/caf\u00e9 \ud83d\ude00.jpg", "transformation": [{"overlay": {"type": "text", "text": "a\"b"}}]}"#
        ),
        "/tr:l-text,ie-YSJi,l-end/caf%C3%A9%20%F0%9F%98%80.jpg"
    );
}

#[rstest]
#[case::not_json(
    "not json",
    "error: the options are not JSON: expected a value at line 1 column 1"
)]
#[case::cut(
    r#"{"path": "/a.jpg""#,
    "error: the options are not JSON: expected , or } at line 1 column 18"
)]
#[case::not_an_object(r#"["/a.jpg"]"#, "error: the options must be a JSON object")]
#[case::unknown_option_even_null(r#"{"path": "/a.jpg", "expires_in": null}"#, "error: unknown option \"expires_in\": the option is expire_seconds (read only with signed: true)")]
#[case::public_key(r#"{"path": "/a.jpg", "publicKey": "k"}"#, "error: unknown option \"publicKey\": keys are not URL options (IMAGEKIT_PUBLIC_KEY or the client's public key is used)")]
#[case::negative_now(
    r#"{"path": "/a.jpg", "now": -1}"#,
    "error: now must be a non-negative integer"
)]
#[case::overlay_type_not_a_string(
    r#"{"path": "/a.jpg", "transformation": [{"overlay": {"type": 1}}]}"#,
    "error: overlay type must be a string"
)]
fn bad_options_are_named(#[case] json: &str, #[case] want: &str) {
    assert_eq!(url(json), want);
}

#[test]
fn nesting_is_bounded() {
    let deep = "[".repeat(100_000);
    let err = ik().url_from_json_str(&deep).unwrap_err().to_string();
    assert!(err.contains("nested too deeply"), "{err}");

    // Layers in layers: 40 deep is read, 50 deep is refused.
    let nested = |depth: usize| {
        let mut layer = r#"{"type": "text", "text": "x"}"#.to_string();
        for _ in 0..depth {
            layer = format!(
                r#"{{"type": "text", "text": "x", "transformation": [{{"overlay": {layer}}}]}}"#
            );
        }
        format!(r#"{{"path": "/a.jpg", "transformation": [{{"overlay": {layer}}}]}}"#)
    };
    assert_eq!(url(&nested(40)).matches("l-end").count(), 41);
    assert!(url(&nested(50)).contains("nested too deeply"));
}

#[rstest]
#[case::bad_step(r#"{"width": []}"#)]
#[case::bad_list(r#"{"sr": [true]}"#)]
#[case::empty_name(r#"{"": 1}"#)]
#[case::nested_layer(
    r#"{"overlay": {"type": "text", "text": "", "transformation": [{"width": []}]}}"#
)]
fn a_layer_with_nothing_to_overlay_is_still_checked(#[case] step: &str) {
    let json = format!(
        r#"{{"path": "/a.jpg", "transformation": [{{"overlay": {{"type": "image", "input": "", "transformation": [{step}]}}}}]}}"#
    );
    assert!(url(&json).starts_with("error: "), "{}", url(&json));
    let fine = json.replace(step, r#"{"width": 1}"#);
    assert_eq!(url(&fine), "/a.jpg");
}

#[rstest]
#[case(r#"{"path": "/a.jpg", "transformation": [{"width": 300, "zoom": 0.5}], "transformation_position": "query"}"#)]
#[case(r#"{"src": "https://example.com/a.jpg?x=1#f", "query_parameters": {"v": 2, "t": true}}"#)]
#[case(r#"{"path": "/a.jpg", "signed": true, "expire_seconds": 60, "now": 1700000000}"#)]
#[case(r#"{"path": "/a.jpg", "transformation": [{"overlay": {"type": "text", "text": "Hi", "position": {"x": 1.5}}}]}"#)]
#[case(r#"{"path": "/a.jpg", "transformation": [{"zoom": 0.1, "rotation": -0.0}]}"#)]
fn url_from_json_on_a_value_agrees_with_the_text(#[case] json: &str) {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        ik().url_from_json(&value).unwrap(),
        ik().url_from_json_str(json).unwrap()
    );
}
