//! The NumPy export module under node: the script of a model and its training rows, with the
//! page's settings; bad options and files are exceptions carrying the core's codes.
#![cfg(target_arch = "wasm32")]

use backprop::article;
use backprop_extra_wasm::python_script_js;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn settings(extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![
        ("learningRate", 0.03.into()),
        ("batchSize", 10.into()),
        ("optimizer", "sgd".into()),
        ("regularization", "none".into()),
        ("regularizationRate", 0.into()),
        ("seed", 11.into()),
    ];
    pairs.extend(extra.iter().cloned());
    obj(&pairs)
}

fn code(e: backprop_extra_wasm::Thrown) -> Option<String> {
    let v: JsValue = e.into();
    Reflect::get(&v, &JsValue::from_str("code"))
        .ok()?
        .as_string()
}

const CSV: &str = "x1,x2,label,split\n5,1,1,train\n1,5,0,train\n-2,3,1,test\n";

#[wasm_bindgen_test]
fn the_script_of_a_model_and_its_training_rows_in_either_language() {
    let model = article::network().unwrap().to_json();
    let s = python_script_js(&model, CSV, settings(&[])).unwrap();
    assert!(s.contains("def forward(network, x, t):"), "{s}");
    assert!(
        s.contains("backprop grad --model"),
        "gradient only by default"
    );
    assert!(s.trim_end().ends_with("print(json.dumps(result))"));
    assert!(
        s.contains("np.log(y + 1e-7)"),
        "the article's own loop for its example"
    );
    let ja = python_script_js(
        &model,
        CSV,
        settings(&[("lang", "ja".into()), ("epochs", 3.into())]),
    )
    .unwrap();
    assert!(ja.contains("順伝播") && ja.contains("epochs = 3"), "{ja}");
    assert!(ja.contains("--seed 11"), "the page's seed");
}

#[wasm_bindgen_test]
fn bad_options_and_files_are_exceptions_with_codes() {
    let model = article::network().unwrap().to_json();
    let bad = |options: JsValue| code(python_script_js(&model, CSV, options).unwrap_err());
    assert_eq!(
        bad(settings(&[("lang", "fr".into())])).as_deref(),
        Some("badValue")
    );
    assert_eq!(
        bad(settings(&[("epochs", (-1).into())])).as_deref(),
        Some("badValue")
    );
    assert_eq!(
        bad(settings(&[("epochs", 20_000.into())])).as_deref(),
        Some("scriptEpochs")
    );
    assert_eq!(bad(JsValue::UNDEFINED).as_deref(), Some("badValue"));
    let only_test = "x1,x2,label,split\n5,1,1,test\n";
    let no_rows = "x1,x2,label,split\n";
    assert_eq!(
        code(python_script_js(&model, no_rows, settings(&[])).unwrap_err()).as_deref(),
        Some("noTrainingRows")
    );
    assert_eq!(
        code(python_script_js(&model, only_test, settings(&[])).unwrap_err()).as_deref(),
        Some("noTrainingRows")
    );
    assert_eq!(
        code(python_script_js("{", CSV, settings(&[])).unwrap_err()).as_deref(),
        Some("notModel")
    );
    assert_eq!(
        code(python_script_js(&model, "x1,x2,label\n1,a,0\n", settings(&[])).unwrap_err())
            .as_deref(),
        Some("notNumber")
    );
}

#[wasm_bindgen_test]
fn the_lessons_numbers_are_the_articles() {
    let l = backprop_extra_wasm::article_lesson().unwrap();
    let get = |v: &JsValue, k: &str| Reflect::get(v, &JsValue::from_str(k)).unwrap();
    // The article's loss on x = (5, 1): −ln y₁ = 0.1281253…
    let sample = get(&l, "sample");
    let trace = get(&sample, "trace");
    let loss = get(&trace, "loss").as_f64().unwrap();
    assert!((loss - 0.12812530328571797).abs() < 1e-12, "{loss}");
}
