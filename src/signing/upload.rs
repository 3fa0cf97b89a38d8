//! Signing helpers that make no request: client-side upload parameters (token, expire,
//! signature) and the upload v2 JWT.

use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use crate::base64;
use crate::client::ImageKit;
use crate::error::Error;
use crate::url::InputError;

/// How long client-side upload parameters stay valid when no `expire` is given, in seconds.
const DEFAULT_EXPIRE_SECONDS: u64 = 1800;

/// The longest validity ImageKit accepts for upload parameters and the upload JWT, in seconds.
const MAX_EXPIRE_SECONDS: u64 = 3600;

/// The parameters a client-side upload (upload API v1) sends next to the file: `token`, `expire`
/// and `signature`. Serializes to `{"token": ..., "expire": ..., "signature": ...}`, the JSON
/// ImageKit's client SDKs expect from an authentication endpoint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuthenticationParameters {
    /// A unique value the upload uses once (a UUID v4 unless one was given).
    pub token: String,
    /// When the parameters stop being valid, in unix seconds.
    pub expire: u64,
    /// Lower-case hex HMAC-SHA1 of `token` followed by `expire` in decimal, keyed with the
    /// private key.
    pub signature: String,
}

impl ImageKit {
    /// The `token`, `expire` and `signature` of a client-side upload.
    ///
    /// - `token` defaults to a fresh UUID v4. An empty token counts as absent, so one is
    ///   generated: ImageKit refuses an upload whose token it has seen before, and an empty one
    ///   would be the same for everyone.
    /// - `expire` defaults to now + 1800 seconds. A given `expire` is an absolute unix time in
    ///   seconds and must lie after now and less than one hour ahead, else
    ///   [`InputError::ExpireOutOfRange`]. "Now" is the client's clock
    ///   ([`ImageKit::with_clock`]).
    ///
    /// Needs the private key ([`InputError::MissingPrivateKey`] otherwise).
    ///
    /// ```
    /// use imagekit::ImageKit;
    ///
    /// let ik = ImageKit::new("https://ik.imagekit.io/demo")?
    ///     .with_private_key("private_key_test")
    ///     .with_clock(|| 1582269249 - 600);
    /// let params = ik.get_authentication_parameters(Some("your_token"), Some(1582269249))?;
    /// assert_eq!(params.signature, "e71bcd6031016b060d349d212e23e85c791decdd");
    ///
    /// let fresh = ik.get_authentication_parameters(None, None)?;
    /// assert_eq!(fresh.expire, 1582269249 - 600 + 1800);
    /// assert_eq!(fresh.token.len(), 36);
    /// # Ok::<(), imagekit::Error>(())
    /// ```
    pub fn get_authentication_parameters(
        &self,
        token: Option<&str>,
        expire: Option<u64>,
    ) -> Result<AuthenticationParameters, Error> {
        let key = self.private_key()?;
        let now = self.now();
        let expire = match expire {
            None => now.saturating_add(DEFAULT_EXPIRE_SECONDS),
            Some(e) if e > now && e < now.saturating_add(MAX_EXPIRE_SECONDS) => e,
            Some(_) => return Err(InputError::ExpireOutOfRange.into()),
        };
        let token = match token {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => uuid::Uuid::new_v4().to_string(),
        };
        let hex = key.sha1_hex(&[token.as_bytes(), expire.to_string().as_bytes()]);
        // Hex digits are ASCII.
        let signature = hex.iter().map(|&b| char::from(b)).collect();
        Ok(AuthenticationParameters {
            token,
            expire,
            signature,
        })
    }

    /// The `token` of an upload v2 request: a JWT (HS256, keyed with the private key) whose
    /// header names the public key as `kid` and whose payload holds the upload's parameters,
    /// so ImageKit can check that none was changed on the way.
    ///
    /// `params` are the upload parameters as they will be sent (`fileName`,
    /// `useUniqueFileName`, `tags`, ...); `file` and `token` are left out, and so are null
    /// values (a parameter not sent). Every other value goes in as the text the upload sends:
    ///
    /// - strings as they are, booleans as `true` / `false`, numbers as their JSON text;
    /// - `tags` and `responseFields` given as lists of strings, comma-joined (`"a,b"`);
    /// - any other list or object as compact JSON text (`extensions`, `customMetadata`,
    ///   `transformation`).
    ///
    /// Then `iat` (now) and `exp` (now + `expire_seconds`) are added as numbers; they replace
    /// any `iat` / `exp` in `params`. `expire_seconds` must be 1 to 3599 (under one hour)
    /// ([`InputError::ExpireOutOfRange`]).
    ///
    /// Needs both keys ([`InputError::MissingPrivateKey`], [`InputError::MissingPublicKey`]); a
    /// `tags` or `responseFields` list holding anything but strings is
    /// [`InputError::WrongType`].
    ///
    /// ```
    /// use imagekit::ImageKit;
    ///
    /// let ik = ImageKit::new("https://ik.imagekit.io/demo")?
    ///     .with_private_key("private_key_test")
    ///     .with_public_key("public_key_test")
    ///     .with_clock(|| 1_700_000_000);
    /// let params = serde_json::json!({"fileName": "dress.jpg", "useUniqueFileName": false});
    /// let jwt = ik.upload_token(params.as_object().unwrap(), 600)?;
    /// assert_eq!(jwt.split('.').count(), 3);
    /// # Ok::<(), imagekit::Error>(())
    /// ```
    pub fn upload_token(
        &self,
        params: &Map<String, Value>,
        expire_seconds: u64,
    ) -> Result<String, Error> {
        if !(1..MAX_EXPIRE_SECONDS).contains(&expire_seconds) {
            return Err(InputError::ExpireOutOfRange.into());
        }
        let key = self.private_key()?;
        let kid = self.public_key().ok_or(InputError::MissingPublicKey)?;
        let now = self.now();

        let mut payload = Map::new();
        for (name, value) in params {
            if name == "file" || name == "token" {
                continue;
            }
            if let Some(text) = form_text(name, value)? {
                payload.insert(name.clone(), Value::String(text));
            }
        }
        payload.insert("iat".to_string(), now.into());
        payload.insert("exp".to_string(), now.saturating_add(expire_seconds).into());

        let header = serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": kid});
        let mut jwt = base64::url_safe(header.to_string().as_bytes());
        jwt.push('.');
        jwt.push_str(&base64::url_safe(
            Value::Object(payload).to_string().as_bytes(),
        ));

        // HMAC takes a key of any length, so this cannot fail.
        let mut mac = Hmac::<Sha256>::new_from_slice(key.as_str().as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(jwt.as_bytes());
        let signature = base64::url_safe(&mac.finalize().into_bytes());
        jwt.push('.');
        jwt.push_str(&signature);
        Ok(jwt)
    }
}

/// The text an upload parameter is sent as (and signed as, in the upload JWT); `None` for null
/// (not sent).
pub(crate) fn form_text(name: &str, value: &Value) -> Result<Option<String>, InputError> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if name == "tags" || name == "responseFields" => {
            let field = if name == "tags" {
                "tags"
            } else {
                "responseFields"
            };
            let mut joined = String::new();
            for (i, item) in items.iter().enumerate() {
                let Value::String(s) = item else {
                    return Err(InputError::WrongType(field, "a list of strings"));
                };
                if i > 0 {
                    joined.push(',');
                }
                joined.push_str(s);
            }
            joined
        }
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    const NOW: u64 = 1582269249 - 600;

    fn client() -> ImageKit {
        ImageKit::new("https://ik.imagekit.io/demo")
            .unwrap()
            .with_private_key("private_key_test")
            .with_public_key("public_key_test")
            .with_clock(|| NOW)
    }

    fn b64url_decode(s: &str) -> Vec<u8> {
        crate::base64::decode(s).expect("canonical base64url")
    }

    /// Splits a JWT, checks its HS256 signature with `key`, and returns header and payload.
    fn decode_jwt(jwt: &str, key: &[u8]) -> (Value, Value) {
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3, "{jwt}");
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(format!("{}.{}", parts[0], parts[1]).as_bytes());
        let want = mac.finalize().into_bytes();
        assert_eq!(b64url_decode(parts[2]), want.as_slice(), "bad signature");
        let header = serde_json::from_slice(&b64url_decode(parts[0])).unwrap();
        let payload = serde_json::from_slice(&b64url_decode(parts[1])).unwrap();
        (header, payload)
    }

    #[test]
    fn api_md_check_value() {
        let params = client()
            .get_authentication_parameters(Some("your_token"), Some(1582269249))
            .unwrap();
        assert_eq!(
            params,
            AuthenticationParameters {
                token: "your_token".into(),
                expire: 1582269249,
                signature: "e71bcd6031016b060d349d212e23e85c791decdd".into(),
            }
        );
        assert_eq!(
            serde_json::to_value(&params).unwrap(),
            json!({"token": "your_token", "expire": 1582269249u64,
                   "signature": "e71bcd6031016b060d349d212e23e85c791decdd"})
        );
    }

    #[rstest]
    #[case(None)]
    #[case(Some(""))]
    fn missing_or_empty_token_is_a_fresh_uuid_v4(#[case] token: Option<&str>) {
        let ik = client();
        let a = ik.get_authentication_parameters(token, None).unwrap();
        let b = ik.get_authentication_parameters(token, None).unwrap();
        let uuid = uuid::Uuid::parse_str(&a.token).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
        assert_ne!(a.token, b.token);
        assert_eq!(a.expire, NOW + 1800);
        // The signature covers the generated token.
        let again = ik
            .get_authentication_parameters(Some(&a.token), Some(a.expire))
            .unwrap();
        assert_eq!(again.signature, a.signature);
    }

    #[rstest]
    #[case(NOW + 1, true)]
    #[case(NOW + 3599, true)]
    #[case(NOW + 3600, false)]
    #[case(NOW, false)]
    #[case(NOW - 1, false)]
    #[case(0, false)]
    #[case(u64::MAX, false)]
    fn given_expire_must_be_within_the_next_hour(#[case] expire: u64, #[case] ok: bool) {
        let got = client().get_authentication_parameters(Some("t"), Some(expire));
        match got {
            Ok(p) => {
                assert!(ok, "{expire} accepted");
                assert_eq!(p.expire, expire);
            }
            Err(e) => {
                assert!(!ok, "{expire} refused");
                assert_eq!(e.input_error(), Some(&InputError::ExpireOutOfRange));
            }
        }
    }

    #[test]
    fn auth_parameters_need_the_private_key() {
        let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
        let err = ik.get_authentication_parameters(None, None).unwrap_err();
        assert_eq!(err.input_error(), Some(&InputError::MissingPrivateKey));
    }

    #[test]
    fn upload_token_round_trips() {
        let params = json!({
            "file": "https://example.com/a.jpg",
            "token": "ignored",
            "fileName": "dress.jpg",
            "useUniqueFileName": false,
            "isPrivateFile": true,
            "tags": ["summer", "dress"],
            "responseFields": ["tags", "customCoordinates"],
            "expire": 42,
            "ratio": 1.5,
            "customMetadata": {"brand": "Nike", "price": 10},
            "extensions": [{"name": "google-auto-tagging", "maxTags": 5, "minConfidence": 95}],
            "folder": null,
        });
        let jwt = client()
            .upload_token(params.as_object().unwrap(), 600)
            .unwrap();
        let (header, payload) = decode_jwt(&jwt, b"private_key_test");
        assert_eq!(
            header,
            json!({"alg": "HS256", "typ": "JWT", "kid": "public_key_test"})
        );
        assert_eq!(
            payload,
            json!({
                "fileName": "dress.jpg",
                "useUniqueFileName": "false",
                "isPrivateFile": "true",
                "tags": "summer,dress",
                "responseFields": "tags,customCoordinates",
                "expire": "42",
                "ratio": "1.5",
                "customMetadata": r#"{"brand":"Nike","price":10}"#,
                "extensions": r#"[{"name":"google-auto-tagging","maxTags":5,"minConfidence":95}]"#,
                "iat": NOW,
                "exp": NOW + 600,
            })
        );
        // The header is exactly the documented one, in this order.
        let head = jwt.split('.').next().unwrap();
        assert_eq!(
            b64url_decode(head),
            br#"{"alg":"HS256","typ":"JWT","kid":"public_key_test"}"#
        );
        // No padding, URL-safe alphabet only.
        assert!(jwt
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'));
    }

    /// Computed independently in Python 3:
    /// ```text
    /// import hmac, hashlib, base64, json
    /// b = lambda x: base64.urlsafe_b64encode(x).rstrip(b"=").decode()
    /// c = lambda o: json.dumps(o, separators=(",", ":")).encode()
    /// s = b(c({"alg": "HS256", "typ": "JWT", "kid": "public_key_test"})) + "." + b(c(
    ///     {"fileName": "dress.jpg", "useUniqueFileName": "false", "tags": "summer,dress",
    ///      "iat": 1582268649, "exp": 1582269249}))
    /// s + "." + b(hmac.new(b"private_key_test", s.encode(), hashlib.sha256).digest())
    /// ```
    #[test]
    fn upload_token_known_answer() {
        let params = json!({"fileName": "dress.jpg", "useUniqueFileName": false,
                            "tags": ["summer", "dress"]});
        let jwt = client()
            .upload_token(params.as_object().unwrap(), 600)
            .unwrap();
        assert_eq!(
            jwt,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6InB1YmxpY19rZXlfdGVzdCJ9\
             .eyJmaWxlTmFtZSI6ImRyZXNzLmpwZyIsInVzZVVuaXF1ZUZpbGVOYW1lIjoiZmFsc2UiLCJ0YWdzIjoic3Vt\
             bWVyLGRyZXNzIiwiaWF0IjoxNTgyMjY4NjQ5LCJleHAiOjE1ODIyNjkyNDl9\
             .S6kDKiW6NjkGKzjIEFnnxHqIxQyU9O3eVjWFmFT-gVU"
        );
    }

    #[test]
    fn upload_token_with_no_parameters_holds_only_the_times() {
        let jwt = client().upload_token(&Map::new(), 3599).unwrap();
        let (_, payload) = decode_jwt(&jwt, b"private_key_test");
        assert_eq!(payload, json!({"iat": NOW, "exp": NOW + 3599}));
    }

    #[test]
    fn upload_token_times_replace_given_ones() {
        let params = json!({"iat": 1, "exp": 2, "fileName": "a.jpg"});
        let jwt = client()
            .upload_token(params.as_object().unwrap(), 1)
            .unwrap();
        let (_, payload) = decode_jwt(&jwt, b"private_key_test");
        assert_eq!(
            payload,
            json!({"iat": NOW, "exp": NOW + 1, "fileName": "a.jpg"})
        );
    }

    #[test]
    fn upload_token_signature_depends_on_the_key() {
        let params = json!({"fileName": "a.jpg"});
        let jwt = client()
            .with_private_key("another_key")
            .upload_token(params.as_object().unwrap(), 60)
            .unwrap();
        decode_jwt(&jwt, b"another_key");
        let sig = jwt.rsplit('.').next().unwrap();
        let other = client()
            .upload_token(params.as_object().unwrap(), 60)
            .unwrap();
        assert_ne!(sig, other.rsplit('.').next().unwrap());
    }

    #[rstest]
    #[case(0)]
    #[case(3600)]
    #[case(u64::MAX)]
    fn upload_token_expiry_is_one_second_to_one_hour(#[case] seconds: u64) {
        let err = client().upload_token(&Map::new(), seconds).unwrap_err();
        assert_eq!(err.input_error(), Some(&InputError::ExpireOutOfRange));
    }

    #[test]
    fn upload_token_needs_both_keys() {
        let no_public = ImageKit::new("https://ik.imagekit.io/demo")
            .unwrap()
            .with_private_key("private_key_test");
        let err = no_public.upload_token(&Map::new(), 60).unwrap_err();
        assert_eq!(err.input_error(), Some(&InputError::MissingPublicKey));
        assert!(!err.to_string().contains("private_key_test"));

        let no_private = ImageKit::new("https://ik.imagekit.io/demo")
            .unwrap()
            .with_public_key("public_key_test");
        let err = no_private.upload_token(&Map::new(), 60).unwrap_err();
        assert_eq!(err.input_error(), Some(&InputError::MissingPrivateKey));
    }

    #[rstest]
    #[case("tags", json!(["a", 1]))]
    #[case("responseFields", json!([["tags"]]))]
    fn list_fields_take_only_strings(#[case] name: &str, #[case] value: Value) {
        let mut params = Map::new();
        params.insert(name.to_string(), value);
        let err = client().upload_token(&params, 60).unwrap_err();
        assert!(matches!(
            err.input_error(),
            Some(InputError::WrongType(field, _)) if *field == name
        ));
    }

    #[rstest]
    #[case("tags", json!("a,b"), Some("a,b"))]
    #[case("tags", json!([]), Some(""))]
    #[case("tags", json!(["only"]), Some("only"))]
    #[case("webhookUrl", json!(["x", "y"]), Some(r#"["x","y"]"#))]
    #[case("n", json!(-3), Some("-3"))]
    #[case("n", json!(null), None)]
    fn form_text_cases(#[case] name: &str, #[case] value: Value, #[case] want: Option<&str>) {
        assert_eq!(form_text(name, &value).unwrap().as_deref(), want);
    }
}
