//! Client-side-signed uploads (v1 parameters from the backend, v2 JWTs over the form fields)
//! and the retry policy of signed and server-side uploads, against a FakeTransport.

use std::sync::Arc;

use futures_lite::future::block_on;
use hmac::{Hmac, Mac};
use imagekit::api::upload::{ClientAuth, UploadFile, UploadFileV2, UploadOptions, UploadSource};
use imagekit::api::Operation;
use imagekit::transport::testing::{FakeTransport, MultipartPart};
use imagekit::transport::TransportError;
use imagekit::{ImageKit, Repeat};
use rstest::rstest;
use serde_json::{json, Value};
use sha2::Sha256;

use super::upload::{
    binary, client, every_option, every_option_fields, fake_answering, file_part, owned,
    text_fields, uploaded, NOW,
};

#[test]
fn a_client_side_v1_upload_sends_its_signature_and_no_basic_auth() {
    let fake = fake_answering(200, &uploaded());
    // A client with no private key: the backend made the parameters.
    let ik = ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_transport(Arc::clone(&fake));
    let backend = ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_clock(|| 1582269249 - 600);
    let auth = backend
        .get_authentication_parameters(Some("your_token"), Some(1582269249))
        .unwrap();
    let params = UploadFile::new(UploadSource::bytes(&b"x"[..]), "a.jpg")
        .options(UploadOptions::new().tags(["a"]))
        .client_auth(ClientAuth::new("public_key_test", auth));
    assert_eq!(params.repeat(), Repeat::Never);
    block_on(ik.upload(&params)).unwrap();

    let request = fake.last_request().unwrap();
    assert_eq!(
        request.uri.to_string(),
        "https://upload.imagekit.io/api/v1/files/upload"
    );
    assert_eq!(request.header("authorization"), None);
    assert!(request
        .header("user-agent")
        .unwrap()
        .starts_with("imagekit-rust/"));
    let parts = request.multipart_parts().unwrap();
    assert_eq!(
        text_fields(&parts),
        owned(&[
            ("fileName", "a.jpg"),
            ("tags", "a"),
            ("publicKey", "public_key_test"),
            ("signature", "e71bcd6031016b060d349d212e23e85c791decdd"),
            ("expire", "1582269249"),
            ("token", "your_token"),
        ])
    );
    // Debug shows neither the signature nor the token.
    let debug = format!("{params:?}");
    assert!(
        !debug.contains("e71bcd60") && !debug.contains("your_token"),
        "{debug}"
    );
}

#[test]
fn a_server_side_v2_upload_uses_basic_auth() {
    let fake = fake_answering(200, &uploaded());
    let params = UploadFileV2::new(UploadSource::url("https://example.com/a.jpg"), "a.jpg")
        .options(UploadOptions::new().tags(["x", "y"]));
    assert_eq!(params.repeat(), Repeat::IfNotSent);
    let file = block_on(client(&fake).upload_v2(&params))
        .unwrap()
        .into_file()
        .unwrap();
    assert_eq!(file.name, "test-image.jpg");
    let request = fake.last_request().unwrap();
    assert_eq!(
        request.uri.to_string(),
        "https://upload.imagekit.io/api/v2/files/upload"
    );
    assert_eq!(
        request.header("authorization"),
        Some("Basic cHJpdmF0ZV9rZXlfdGVzdDo=")
    );
    let parts = request.multipart_parts().unwrap();
    assert_eq!(
        text_fields(&parts),
        owned(&[("fileName", "a.jpg"), ("tags", "x,y")])
    );
}

/// Base64url without padding, back to bytes.
fn b64url_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut bits, mut nbits, mut out) = (0u32, 0, Vec::new());
    for c in s.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        bits = bits << 6 | v;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    out
}

#[test]
fn a_signed_v2_upload_carries_a_jwt_over_exactly_the_form_fields() {
    let fake = fake_answering(200, &uploaded());
    let ik = client(&fake);
    let params = UploadFileV2::new(
        UploadSource::Bytes(binary().into(), Some("shirt.jpg".into())),
        "shirt.jpg",
    )
    .options(every_option());
    let signed = ik.sign_upload_v2(params, 600).unwrap();
    assert_eq!(signed.repeat(), Repeat::Never);
    block_on(ik.upload_v2(&signed)).unwrap();

    let request = fake.last_request().unwrap();
    assert_eq!(
        request.uri.to_string(),
        "https://upload.imagekit.io/api/v2/files/upload"
    );
    assert_eq!(request.header("authorization"), None);
    let parts = request.multipart_parts().unwrap();
    let fields = text_fields(&parts);
    let (last, others) = fields.split_last().unwrap();
    assert_eq!(last.0, "token");
    assert_eq!(Some(&last.1), signed.token.as_ref());
    let mut want = owned(&[("fileName", "shirt.jpg")]);
    want.extend(owned(&every_option_fields()));
    assert_eq!(others, want.as_slice());

    // The JWT: HS256 with the private key, kid = the public key, and a payload of every form
    // field but file and token, as the same text, plus iat and exp.
    let jwt: Vec<&str> = last.1.split('.').collect();
    assert_eq!(jwt.len(), 3);
    let mut mac = Hmac::<Sha256>::new_from_slice(b"private_key_test").unwrap();
    mac.update(format!("{}.{}", jwt[0], jwt[1]).as_bytes());
    mac.verify_slice(&b64url_decode(jwt[2])).unwrap();
    let header: Value = serde_json::from_slice(&b64url_decode(jwt[0])).unwrap();
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "JWT", "kid": "public_key_test"})
    );
    let payload: Value = serde_json::from_slice(&b64url_decode(jwt[1])).unwrap();
    let mut expected = serde_json::Map::new();
    for (name, text) in others {
        expected.insert(name.clone(), Value::String(text.clone()));
    }
    expected.insert("iat".into(), json!(NOW));
    expected.insert("exp".into(), json!(NOW + 600));
    assert_eq!(payload, Value::Object(expected));
}

#[test]
fn signing_v2_needs_both_keys_and_a_short_expiry() {
    let fake = Arc::new(FakeTransport::new());
    let params = UploadFileV2::new(UploadSource::base64("AA=="), "a.jpg");
    let no_public = ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test");
    assert_eq!(
        no_public
            .sign_upload_v2(params.clone(), 600)
            .unwrap_err()
            .input_error(),
        Some(&imagekit::InputError::MissingPublicKey)
    );
    assert_eq!(
        client(&fake)
            .sign_upload_v2(params, 3600)
            .unwrap_err()
            .input_error(),
        Some(&imagekit::InputError::ExpireOutOfRange)
    );
}

/// A server-side upload is retried after a 429 or a connection that was never made, not
/// after a 500; a signed one is never retried.
#[rstest]
#[case::server_429(false, 429, 2)]
#[case::server_500(false, 500, 1)]
#[case::signed_429(true, 429, 1)]
#[case::signed_500(true, 500, 1)]
fn uploads_are_retried_only_when_they_did_not_run(
    #[case] signed: bool,
    #[case] status: u16,
    #[case] requests: usize,
) {
    let fake = Arc::new(
        FakeTransport::new()
            .with_response(FakeTransport::json(status, &json!({"message": "busy"})))
            .with_response(FakeTransport::json(200, &uploaded())),
    );
    let ik = client(&fake);
    let mut params = UploadFileV2::new(UploadSource::bytes(&b"x"[..]), "a.jpg");
    if signed {
        params = ik.sign_upload_v2(params, 60).unwrap();
    }
    let result = block_on(ik.upload_v2(&params));
    assert_eq!(fake.request_count(), requests);
    assert_eq!(result.is_ok(), requests == 2);
}

#[rstest]
#[case::server(false, 2)]
#[case::signed(true, 1)]
fn a_connection_never_made_is_retried_unless_signed(#[case] signed: bool, #[case] requests: usize) {
    let fake = Arc::new(
        FakeTransport::new()
            .with_error(TransportError::connect("refused"))
            .with_response(FakeTransport::json(200, &uploaded())),
    );
    let ik = client(&fake);
    let mut params = UploadFile::new(UploadSource::bytes(&b"x"[..]), "a.jpg");
    if signed {
        let auth = ik.get_authentication_parameters(None, None).unwrap();
        params = params.client_auth(ClientAuth::new("public_key_test", auth));
    }
    let _ = block_on(ik.upload(&params));
    assert_eq!(fake.request_count(), requests);
    // Every attempt sent the same parts (each with a boundary of its own).
    let parts: Vec<Vec<MultipartPart>> = fake
        .requests()
        .iter()
        .map(|r| r.multipart_parts().unwrap())
        .collect();
    assert!(parts.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn a_streamed_file_is_sent_whole_again_on_a_retry() {
    let path = std::env::temp_dir().join(format!("imagekit-upload-retry-{}", std::process::id()));
    std::fs::write(&path, vec![7u8; 100_000]).unwrap();
    let fake = Arc::new(
        FakeTransport::new()
            .with_response(FakeTransport::json(429, &json!({"message": "slow down"})))
            .with_response(FakeTransport::json(200, &uploaded())),
    );
    let params = UploadFile::new(UploadSource::file(&path), "a.bin");
    block_on(client(&fake).upload(&params)).unwrap();
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let first = requests[0].multipart_parts().unwrap();
    let parts = requests[1].multipart_parts().unwrap();
    assert!(first == parts, "the retry sent other parts");
    assert!(file_part(&parts).data.as_ref() == vec![7u8; 100_000].as_slice());
    std::fs::remove_file(&path).unwrap();
}
