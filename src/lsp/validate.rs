//! The shape of an incoming JSON-RPC message. The protocol library stops reading for good
//! after one body that it cannot decode as a request, a notification or a response, so the
//! reader checks every body here first. A message passes re-encoded by the library's own
//! types, so that the library decodes it for certain; anything else becomes the JSON-RPC
//! error answer the client gets instead (-32700 for a body that is not JSON, -32600 for JSON
//! that is not a message), and never reaches the library.

use serde_json::{Map, Value};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};

/// What becomes of one incoming body.
#[derive(Debug)]
pub enum Verdict {
    /// A message the library decodes: the body to hand it.
    Pass(Vec<u8>),
    /// Not a message: the answer for the client, and why, for the log.
    Reject { answer: Response, reason: String },
}

/// Checks one body.
pub fn check(body: &[u8]) -> Verdict {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return reject(
                Id::Null,
                ErrorCode::ParseError,
                format!("the body is not JSON: {e}"),
            )
        }
    };
    match message(value) {
        Ok(body) => Verdict::Pass(body),
        Err((id, reason)) => reject(id, ErrorCode::InvalidRequest, reason),
    }
}

/// The answer to a frame that has no body to check (its header is broken, or it is too
/// large to read).
pub fn unreadable(reason: String) -> Verdict {
    reject(Id::Null, ErrorCode::ParseError, reason)
}

fn reject(id: Id, code: ErrorCode, reason: String) -> Verdict {
    let error = Error {
        code,
        message: code.description().into(),
        data: Some(Value::String(reason.clone())),
    };
    Verdict::Reject {
        answer: Response::from_error(id, error),
        reason,
    }
}

/// A request, a notification or a response, re-encoded; otherwise the id to answer with and
/// what is wrong.
fn message(value: Value) -> Result<Vec<u8>, (Id, String)> {
    let Value::Object(object) = value else {
        return Err((
            Id::Null,
            format!("a message is a JSON object, not {}", kind(&value)),
        ));
    };
    // The id of a request that is otherwise unusable is answered with; a response's id names
    // one of the server's own requests and is never echoed.
    let id = object.get("id").and_then(usable_id);
    let invalid = |reason: &str| Err((id.clone().unwrap_or(Id::Null), reason.to_string()));
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid("\"jsonrpc\" must be \"2.0\"");
    }
    let answers = object.contains_key("result") || object.contains_key("error");
    match object.get("method") {
        Some(Value::String(_)) if !answers => request(object, id),
        Some(Value::String(_)) => invalid("a request has no \"result\" or \"error\""),
        Some(_) => invalid("\"method\" must be a string"),
        None if answers => response(object),
        None => invalid("the message has no \"method\" (nor a \"result\" or \"error\")"),
    }
}

fn request(object: Map<String, Value>, id: Option<Id>) -> Result<Vec<u8>, (Id, String)> {
    if object.contains_key("id") && id.is_none() {
        return Err((
            Id::Null,
            "a request's \"id\" must be an integer or a string".into(),
        ));
    }
    let answer_id = id.unwrap_or(Id::Null);
    let request: Request = serde_json::from_value(Value::Object(object))
        .map_err(|e| (answer_id.clone(), format!("not a request: {e}")))?;
    serde_json::to_vec(&request).map_err(|e| (answer_id, e.to_string()))
}

fn response(object: Map<String, Value>) -> Result<Vec<u8>, (Id, String)> {
    let bad = |reason: String| (Id::Null, reason);
    if object.contains_key("result") && object.contains_key("error") {
        return Err(bad(
            "a response has a \"result\" or an \"error\", not both".into()
        ));
    }
    match object.get("id") {
        Some(Value::Null) => {}
        Some(id) if usable_id(id).is_some() => {}
        _ => {
            return Err(bad(
                "a response's \"id\" must be an integer, a string or null".into(),
            ))
        }
    }
    let response: Response = serde_json::from_value(Value::Object(object))
        .map_err(|e| bad(format!("not a response: {e}")))?;
    serde_json::to_vec(&response).map_err(|e| bad(e.to_string()))
}

/// A request id the library can hold: an integer that fits in 64 bits, or a string.
fn usable_id(value: &Value) -> Option<Id> {
    match value {
        Value::Number(n) => n.as_i64().map(Id::Number),
        Value::String(s) => Some(Id::String(s.clone())),
        _ => None,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The verdict on `body`: `Ok` with what the library decodes, or `Err` with the answer.
    fn verdict(body: &str) -> std::result::Result<Value, Value> {
        match check(body.as_bytes()) {
            Verdict::Pass(bytes) => Ok(serde_json::from_slice(&bytes).unwrap()),
            Verdict::Reject { answer, reason } => {
                assert!(!reason.is_empty());
                Err(serde_json::to_value(answer).unwrap())
            }
        }
    }

    #[test]
    fn messages_pass_and_still_decode_as_the_library_reads_them() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
            r#"{"jsonrpc":"2.0","id":"a-1","method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":-7,"method":"x","params":null}"#,
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            r#"{"jsonrpc":"2.0","method":""}"#,
        ] {
            let passed = verdict(body).unwrap_or_else(|e| panic!("{body}: {e}"));
            let request: Request = serde_json::from_value(passed.clone()).unwrap();
            let sent: Value = serde_json::from_str(body).unwrap();
            assert_eq!(request.method(), sent["method"], "{body}");
            assert_eq!(passed.get("id"), sent.get("id"), "{body}");
        }
        for body in [
            r#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":"s","result":[1,{"a":2}]}"#,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32601,"message":"no"}}"#,
        ] {
            let passed = verdict(body).unwrap_or_else(|e| panic!("{body}: {e}"));
            serde_json::from_value::<Response>(passed).unwrap();
        }
    }

    #[test]
    fn what_is_not_json_is_a_parse_error() {
        for body in [
            "",
            "{ this is not json",
            "\u{feff}{}",
            "{\"jsonrpc\":\"2.0\",}",
        ] {
            let answer = verdict(body).unwrap_err();
            assert_eq!(answer["error"]["code"], -32700, "{body}");
            assert_eq!(answer["id"], Value::Null, "{body}");
        }
        let answer = match check(b"\xff\xfe not UTF-8") {
            Verdict::Reject { answer, .. } => serde_json::to_value(answer).unwrap(),
            Verdict::Pass(_) => panic!("passed"),
        };
        assert_eq!(answer["error"]["code"], -32700);
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request() {
        // (body, the id of the answer)
        let cases = [
            ("{}", json!(null)),
            ("[]", json!(null)),
            ("[{\"jsonrpc\":\"2.0\",\"method\":\"x\"}]", json!(null)),
            ("42", json!(null)),
            ("\"text\"", json!(null)),
            ("null", json!(null)),
            (r#"{"jsonrpc":"2.0"}"#, json!(null)),
            // A usable id is answered with when the rest is wrong.
            (r#"{"jsonrpc":"2.0","id":7}"#, json!(7)),
            (
                r#"{"jsonrpc":"1.0","id":99,"method":"shutdown"}"#,
                json!(99),
            ),
            (r#"{"id":"k","method":"shutdown"}"#, json!("k")),
            (r#"{"jsonrpc":2.0,"id":5,"method":"shutdown"}"#, json!(5)),
            (r#"{"jsonrpc":"2.0","id":6,"method":5}"#, json!(6)),
            (
                r#"{"jsonrpc":"2.0","id":8,"method":"x","result":1}"#,
                json!(8),
            ),
            // An id the library cannot hold is not.
            (
                r#"{"jsonrpc":"2.0","id":[1],"method":"textDocument/hover"}"#,
                json!(null),
            ),
            (
                r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#,
                json!(null),
            ),
            (r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#, json!(null)),
            (r#"{"jsonrpc":"2.0","id":1e3,"method":"x"}"#, json!(null)),
            (
                r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"x"}"#,
                json!(null),
            ),
            (r#"{"jsonrpc":"2.0","id":null,"method":"x"}"#, json!(null)),
            (r#"{"jsonrpc":"2.0","id":true}"#, json!(null)),
            // Responses are never answered with their id.
            (r#"{"jsonrpc":"2.0","id":3,"error":5}"#, json!(null)),
            (
                r#"{"jsonrpc":"2.0","id":3,"error":{"code":1.5,"message":"x"}}"#,
                json!(null),
            ),
            (
                r#"{"jsonrpc":"2.0","id":3,"error":{"code":1}}"#,
                json!(null),
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"result":1,"error":{"code":1,"message":"x"}}"#,
                json!(null),
            ),
            (r#"{"jsonrpc":"2.0","id":[4],"result":1}"#, json!(null)),
            (r#"{"jsonrpc":"2.0","result":1}"#, json!(null)),
        ];
        for (body, id) in cases {
            let answer = verdict(body).expect_err(body);
            assert_eq!(answer["jsonrpc"], "2.0", "{body}");
            assert_eq!(answer["error"]["code"], -32600, "{body}: {answer}");
            assert_eq!(answer["error"]["message"], "Invalid request", "{body}");
            assert!(answer["error"]["data"].is_string(), "{body}: {answer}");
            assert_eq!(answer["id"], id, "{body}: {answer}");
        }
    }
}
