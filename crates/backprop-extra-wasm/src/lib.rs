//! What the page loads only when it is used, as a wasm module of its own, so the module every
//! visit downloads stays small:
//! - *Export as Python (NumPy)*: the core's script generator (`backprop::files::python`, the
//!   same one `backprop python` uses), over what the page's handle gives — the model file, the
//!   data's CSV with its `split` column, the settings;
//! - the lesson's numbers (`backprop::lesson`), when the lesson opens.

use backprop::error::{Code, Error};
use backprop::files::csv::DataFile;
use backprop::files::python::{Lang, PythonOptions, Training, python_script};
use backprop::{Hyper, Network, Task};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[path = "../../backprop-wasm/src/thrown.rs"]
mod thrown;
pub use thrown::Thrown;
use thrown::err;

/// What the page passes besides the files: the script's language and training, and the
/// page's settings (`learningRate`, `batchSize`, `optimizer`, `regularization`,
/// `regularizationRate`, `seed`), as the core's config names them.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    #[serde(default)]
    lang: Lang,
    /// 0: the loss and the gradient over the training rows; more: that many epochs.
    #[serde(default)]
    epochs: u32,
    #[serde(default)]
    article: bool,
    #[serde(flatten)]
    hyper: Hyper,
    seed: u32,
}

/// The NumPy script of `model` (a model file) and the training rows of `csv` (the data with
/// its `split` column, as the handle's `exportCsv` gives it) under `options`:
/// `{lang: "en" | "ja", epochs, article, learningRate, batchSize, optimizer, regularization,
/// regularizationRate, seed}`. What `backprop python --model M --data D` writes with those
/// settings.
#[wasm_bindgen(js_name = pythonScript)]
pub fn python_script_js(model: &str, csv: &str, options: JsValue) -> Result<String, Thrown> {
    let o: Options = serde_wasm_bindgen::from_value(options).map_err(|e| {
        let m = e.to_string();
        let detail = m.strip_prefix("Error: ").unwrap_or(&m).to_string();
        err(Error::new(Code::BadValue)
            .with("detail", detail)
            .at_field("options"))
    })?;
    let network = Network::from_json(model).map_err(err)?;
    let task: Task = network.task();
    // (Data without a row has no training rows: said so, not as a file's error.)
    let file = DataFile::from_csv(csv, task).map_err(|e| match e.code {
        Code::NoRows => err(Error::new(Code::NoTrainingRows)),
        _ => err(e),
    })?;
    let train = match file.parts() {
        Some((train, _)) => train,
        None => file.data,
    };
    if train.is_empty() {
        return Err(err(Error::new(Code::NoTrainingRows)));
    }
    let training = (o.epochs > 0).then_some(Training {
        epochs: o.epochs,
        hyper: o.hyper,
        seed: o.seed,
    });
    python_script(
        &network,
        &train,
        &PythonOptions {
            lang: o.lang,
            training,
            article: o.article,
        },
    )
    .map_err(err)
}

/// Every number of the page's lesson, from the core (see `backprop::lesson`): the article's
/// example forward and backward, its update, its printed table and plain gradient descent,
/// the recomputation on x = (1, 5), the Softmax-with-Loss algebra, a Sigmoid hidden layer and
/// a sample with a ReLU unit off.
#[wasm_bindgen(js_name = articleLesson)]
pub fn article_lesson() -> Result<JsValue, Thrown> {
    let lesson = backprop::lesson::lesson().map_err(err)?;
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    lesson.serialize(&s).map_err(|e| {
        err(Error::new(Code::BadValue)
            .with("detail", e.to_string())
            .at_field("articleLesson"))
    })
}
