//! The core's errors as JavaScript exceptions, shared by both wasm modules (the page's and the
//! one loaded on use, which includes this file by path).

use backprop::error::Error;
use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// An exception for JavaScript: a JS `Error` with the core's English message and its `code`,
/// `vars` (`{name: text | {code, vars, at}}`) and `at` (`[{line: n} | {field: name}]`), from
/// which the page words it in its own language.
pub struct Thrown(JsValue);

impl std::fmt::Debug for Thrown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = Reflect::get(&self.0, &JsValue::from_str("message")).ok();
        write!(f, "Thrown({:?})", message.and_then(|m| m.as_string()))
    }
}

impl Thrown {
    /// The core's code of this exception, if it has one.
    pub fn code(&self) -> Option<String> {
        Reflect::get(&self.0, &JsValue::from_str("code"))
            .ok()?
            .as_string()
    }
}

impl From<Thrown> for JsValue {
    fn from(t: Thrown) -> JsValue {
        t.0
    }
}

/// The core's error as an exception.
pub fn err(e: Error) -> Thrown {
    let js = js_sys::Error::new(&e.to_string());
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(data) = e.serialize(&s) {
        for key in ["code", "vars", "at"] {
            if let Ok(v) = Reflect::get(&data, &JsValue::from_str(key)) {
                let _ = Reflect::set(&js, &JsValue::from_str(key), &v);
            }
        }
    }
    Thrown(js.into())
}
