//! The browser's handle on the core: one opaque `Playground` that owns the run (data, network,
//! trainer, history) and a grid buffer the page reads through a typed-array view of wasm memory.
//!
//! Rust owns the state, JS draws. Calls are coarse (one `trainFor` and one `evaluateGrid` per
//! frame); every exported method returns `Result`, so bad arguments become JS exceptions: an
//! `Error` whose message is the core's English and which carries the core's `code`, `vars` and
//! `at` for the page's message tables. No argument can reach a panic (the panic hook only makes
//! a bug readable).

use backprop::data::sets::MAX_PREVIEW_POINTS;
use backprop::display::boundary::{DisplayGrid, MAX_DISPLAY};
use backprop::display::grid::MAX_GRID;
use backprop::error::{Code, Error};
use backprop::inspect::landscape::MAX_LANDSCAPE;
use backprop::training::config::NOISE;
use backprop::training::session::MAX_EPOCHS_PER_CALL;
use backprop::{
    Config, Dataset, DatasetKind, Hyper, Network, OptimizerKind, ParamId, Regularization, Samples,
    Session, Stream, Task, article, gradient_check, rng_for, trace,
};
use js_sys::{Float64Array, Reflect};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The longest frame budget `trainFor` accepts, in milliseconds.
const MAX_BUDGET_MS: f64 = 1000.0;

mod thrown;
pub use thrown::Thrown;
use thrown::err;

/// An error of `code` with its values added by `build`, as an exception.
fn fail(code: Code, build: impl FnOnce(Error) -> Error) -> Thrown {
    err(build(Error::new(code)))
}

/// A serde-wasm-bindgen error about the argument `what` (without the JS `Error: ` prefix).
fn serde_err(what: &str, e: serde_wasm_bindgen::Error) -> Thrown {
    let m = e.to_string();
    let detail = m.strip_prefix("Error: ").unwrap_or(&m).to_string();
    fail(Code::BadValue, |e| e.with("detail", detail).at_field(what))
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, Thrown> {
    // Maps as plain objects, u64 as numbers: what the page expects.
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    v.serialize(&s).map_err(|e| serde_err("result", e))
}

/// Installs the panic hook (readable console message for any bug) once the module loads.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The module's memory, for typed-array views of [`Playground::evaluate_grid`]'s layers.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// A milliseconds clock: `performance.now()` where there is one (pages, workers, node), else
/// `Date.now()`. Looked up once per `trainFor` call, then one call per epoch. Every lookup and
/// call goes through `Reflect` and `Function::call0`, which return a thrown exception as an
/// `Err`: a clock replaced by a script that throws (or returns no number) is a clock that is
/// not there, never an exception unwinding through the handle (which would leave it borrowed
/// for good).
struct Clock(Option<(js_sys::Function, JsValue)>);

impl Clock {
    fn new() -> Clock {
        let global = js_sys::global();
        let method = |owner: &str| {
            let this = Reflect::get(&global, &JsValue::from_str(owner)).ok()?;
            let f = Reflect::get(&this, &JsValue::from_str("now")).ok()?;
            Some((f.dyn_into::<js_sys::Function>().ok()?, this))
        };
        Clock(method("performance").or_else(|| method("Date")))
    }

    /// Milliseconds, or `None` when the clock throws or gives no finite number.
    fn now_ms(&self) -> Option<f64> {
        let (f, this) = self.0.as_ref()?;
        f.call0(this)
            .ok()
            .and_then(|t| t.as_f64())
            .filter(|t| t.is_finite())
    }
}

/// A JS number as messages show it: `Infinity`, `-Infinity` and `NaN` as JS writes them.
fn js_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        v.to_string()
    }
}

/// What a JS value is, for messages: `null`, `array`, or its `typeof`.
fn kind_of(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(v) {
        "array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

/// The largest count a JS number holds exactly (2⁵³ − 1).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A count from JS: a finite whole number ≥ 0 (the caller checks its upper limit). Counts come
/// in as `f64`, so `2**32 + 3`, `Infinity` or `-1` are refused instead of wrapping to `u32`.
/// A `u64`, since `usize` is 32 bits in wasm.
fn count(v: f64, field: &str) -> Result<u64, Thrown> {
    if v.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&v) {
        Ok(v as u64)
    } else {
        Err(fail(Code::WholeNumber, |e| {
            e.with("v", js_number(v)).at_field(field)
        }))
    }
}

/// A count from `min` to `max`, refused as "expected min to max, got v".
fn count_in(v: f64, min: usize, max: usize, field: &str) -> Result<usize, Thrown> {
    let n = count(v, field)?;
    if !(min as u64..=max as u64).contains(&n) {
        return Err(fail(Code::ExpectedRange, |e| {
            e.with("min", min)
                .with("max", max)
                .with("v", n)
                .at_field(field)
        }));
    }
    Ok(n as usize)
}

/// Text from JS: a string, else refused (a number, boolean, object or Symbol never reaches
/// the string decoder).
fn text(v: &JsValue, field: &str) -> Result<String, Thrown> {
    v.as_string().ok_or_else(|| {
        fail(Code::NotString, |e| {
            e.with("type", kind_of(v)).at_field(field)
        })
    })
}

/// Numbers from JS: a `Float64Array`, or an array whose every item is a number.
fn numbers(v: &JsValue, field: &str) -> Result<Vec<f64>, Thrown> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(a.to_vec());
    }
    if !js_sys::Array::is_array(v) {
        return Err(fail(Code::NotNumbers, |e| {
            e.with("type", kind_of(v)).at_field(field)
        }));
    }
    let array: &js_sys::Array = v.unchecked_ref();
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        match item.as_f64() {
            Some(x) => out.push(x),
            None => {
                return Err(fail(Code::NotNumbers, |e| {
                    e.with("type", kind_of(&item))
                        .at_field(format!("{field}[{i}]"))
                }));
            }
        }
    }
    Ok(out)
}

/// Bytes from JS: a `Uint8Array` or an `ArrayBuffer`.
fn bytes(v: &JsValue, field: &str) -> Result<Vec<u8>, Thrown> {
    if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
        Ok(a.to_vec())
    } else if v.is_instance_of::<js_sys::ArrayBuffer>() {
        Ok(js_sys::Uint8Array::new(v).to_vec())
    } else {
        Err(fail(Code::NotBytes, |e| {
            e.with("type", kind_of(v)).at_field(field)
        }))
    }
}

/// A seed from the platform's randomness, used only when the config gives none.
fn fresh_seed() -> u32 {
    getrandom::u32().unwrap_or(1) % 1_000_000
}

#[wasm_bindgen]
extern "C" {
    /// The platform's `structuredClone`, whose exceptions come back as `Err`.
    #[wasm_bindgen(js_name = structuredClone, catch)]
    fn structured_clone(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// A copy of an argument object that is plain data: its getters run here, once, and a getter
/// or a Proxy trap that throws is a refusal — never an exception in the middle of reading it,
/// which would unwind through the handle and leave it borrowed for good. Where there is no
/// `structuredClone` (old engines), the value itself.
fn plain(value: &JsValue, field: &str) -> Result<JsValue, Thrown> {
    let has_clone =
        Reflect::has(&js_sys::global(), &JsValue::from_str("structuredClone")).unwrap_or(false);
    if !has_clone {
        return Ok(value.clone());
    }
    structured_clone(value).map_err(|_| fail(Code::NotPlainData, |e| e.at_field(field)))
}

/// Reads a config object: missing fields take defaults, a missing seed a fresh one.
fn parse_config(value: &JsValue, base: &Config) -> Result<Config, Thrown> {
    if value.is_undefined() || value.is_null() {
        return Ok(base.clone());
    }
    if !value.is_object() {
        return Err(fail(Code::NotObject, |e| e.at_field("config")));
    }
    let value = &plain(value, "config")?;
    let has_seed = Reflect::get(value, &JsValue::from_str("seed")).is_ok_and(|s| !s.is_undefined());
    let mut config: Config =
        serde_wasm_bindgen::from_value(value.clone()).map_err(|e| serde_err("config", e))?;
    if !has_seed {
        config.seed = fresh_seed();
    }
    config.validate().map_err(|e| err(e.at_field("config")))?;
    Ok(config)
}

/// A partial [`Hyper`]: the fields given replace the current ones.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct HyperPatch {
    learning_rate: Option<f64>,
    batch_size: Option<usize>,
    optimizer: Option<OptimizerKind>,
    regularization: Option<Regularization>,
    regularization_rate: Option<f64>,
}

/// What the inspector gets for one sample.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Inspection<'a> {
    #[serde(flatten)]
    trace: &'a backprop::Trace,
    weights: Vec<backprop::files::model::LayerFile>,
    updated: Vec<backprop::files::model::LayerFile>,
    learning_rate: f64,
    activation: &'static str,
    output: &'static str,
}

/// The article's worked example, for the inspector's preset (see `backprop::article`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArticleExample {
    /// The 2-3-2 network as a model file (what `importModel` reads).
    model: String,
    /// The preset's settings, shaped as `config()` returns them.
    config: Config,
    x: [f64; 2],
    t: [f64; 2],
    label: f64,
    learning_rate: f64,
    steps: u32,
    probe: [f64; 2],
    /// The weights the article prints after its loop (its loop reuses the first forward
    /// pass's z1 and y; see `backprop::article::printed_loop`): W1 (2×3), b1 (3), W2 (3×2)
    /// and b2 (2), row by row in one list, then y on x = (1, 5) with them (2).
    printed: Vec<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Metrics {
    /// As a JS number: an epoch beyond 2⁵³ (restored, then trained on) is rounded, never
    /// refused by the serializer.
    epoch: f64,
    train_loss: f64,
    test_loss: f64,
    train_accuracy: Option<f64>,
    test_accuracy: Option<f64>,
    /// Epochs trained by this call.
    epochs_run: u32,
    /// Whether training diverged (the core's `Session::diverged`).
    diverged: bool,
}

/// The playground's state, opaque to JS.
#[wasm_bindgen]
pub struct Playground {
    session: Session,
    /// The grid pass's buffers, kept between frames (the page reads them in place).
    grid: backprop::Grid,
    /// The boundary picture's `f32` output at full resolution (`evaluateBoundary`), for the
    /// size used last and the one before.
    display: [DisplayGrid; 2],
}

#[wasm_bindgen]
impl Playground {
    /// A run from a (partial) config object; see `config()` for the fields.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Playground, Thrown> {
        let config = parse_config(
            &config,
            &Config {
                seed: fresh_seed(),
                ..Config::default()
            },
        )?;
        let session = Session::new(config).map_err(err)?;
        let grid = backprop::Grid::new(1, session.network().features());
        Ok(Playground {
            session,
            grid,
            display: [DisplayGrid::new(1), DisplayGrid::new(1)],
        })
    }

    /// Every limit, choice, range and default the page offers, from the core's constants:
    /// `{limits, inputSquare, datasets, features, activations, optimizers, regularizations,
    /// settings, defaults}` (see `backprop::catalog`).
    pub fn catalog() -> Result<JsValue, Thrown> {
        to_js(&backprop::catalog())
    }

    /// The article's worked example: `{model, config, x, t, label, learningRate, steps,
    /// probe}` — the 2-3-2 network as a model file, the preset's config, the sample
    /// x = (5, 1) with t = (0, 1), η, the loop's length and the point tried afterwards.
    #[wasm_bindgen(js_name = articleExample)]
    pub fn article_example() -> Result<JsValue, Thrown> {
        let network = article::network().map_err(err)?;
        to_js(&ArticleExample {
            model: network.to_json(),
            config: article::config(),
            x: article::X,
            t: article::T,
            label: article::LABEL,
            learning_rate: article::LEARNING_RATE,
            steps: article::STEPS,
            probe: article::PROBE,
            printed: {
                // Flat, W1, b1, W2 and b2 row by row (a shape the binding serializes anyway).
                let p = article::printed_loop();
                [
                    p.w1.concat(),
                    p.b1.to_vec(),
                    p.w2.concat(),
                    p.b2.to_vec(),
                    p.probe_y.to_vec(),
                ]
                .concat()
            },
        })
    }

    /// The whole configuration, seed included (what the URL stores).
    pub fn config(&self) -> Result<JsValue, Thrown> {
        to_js(self.session.config())
    }

    /// Starts over from a (partial) config whose missing fields take defaults (a missing seed,
    /// a fresh one); `undefined` restarts the current config with its seed, so the same data
    /// and initial weights. On error nothing changes.
    pub fn reset(&mut self, config: JsValue) -> Result<(), Thrown> {
        let config = parse_config(&config, self.session.config())?;
        self.session = Session::new(config).map_err(err)?;
        Ok(())
    }

    /// Changes learning rate, batch size, optimizer or regularization without a reset.
    /// Takes a partial object merged over the current values; on error nothing changes.
    #[wasm_bindgen(js_name = setHyper)]
    pub fn set_hyper(&mut self, hyper: JsValue) -> Result<(), Thrown> {
        let hyper = plain(&hyper, "hyper")?;
        let p: HyperPatch =
            serde_wasm_bindgen::from_value(hyper).map_err(|e| serde_err("hyper", e))?;
        let h = self.session.config().hyper;
        let hyper = Hyper {
            learning_rate: p.learning_rate.unwrap_or(h.learning_rate),
            batch_size: p.batch_size.unwrap_or(h.batch_size),
            optimizer: p.optimizer.unwrap_or(h.optimizer),
            regularization: p.regularization.unwrap_or(h.regularization),
            regularization_rate: p.regularization_rate.unwrap_or(h.regularization_rate),
        };
        self.session.set_hyper(hyper).map_err(err)
    }

    /// Trains `epochs` epochs (a whole number, at most `limits.maxEpochsPerCall`); returns
    /// the metrics.
    pub fn step(&mut self, epochs: f64) -> Result<JsValue, Thrown> {
        let epochs = per_call(epochs, "epochs")?;
        self.session.step(epochs);
        self.metrics_js(epochs)
    }

    /// Trains whole epochs until `budget_ms` has passed or `max_epochs` are done (at least
    /// one epoch if `max_epochs` > 0), then measures the train and test loss once — the frame
    /// loop's one call per frame. Stops early if the weights diverge. The loop is the core's
    /// `Session::train_for`; this only lends it the `performance.now()` clock.
    /// `max_epochs` is a whole number; beyond `limits.maxEpochsPerCall` it is that many. A
    /// clock that throws or gives no number stops the call after one epoch.
    #[wasm_bindgen(js_name = trainFor)]
    pub fn train_for(&mut self, budget_ms: f64, max_epochs: f64) -> Result<JsValue, Thrown> {
        if !(0.0..=MAX_BUDGET_MS).contains(&budget_ms) {
            return Err(fail(Code::ExpectedRange, |e| {
                e.with("min", 0)
                    .with("max", MAX_BUDGET_MS)
                    .with("v", budget_ms)
                    .at_field("budgetMs")
            }));
        }
        let max_epochs = count(max_epochs, "maxEpochs")?.min(u64::from(MAX_EPOCHS_PER_CALL)) as u32;
        let clock = Clock::new();
        let start = clock.now_ms();
        let done = self
            .session
            .train_for(max_epochs, || match (start, clock.now_ms()) {
                (Some(start), Some(now)) => now - start >= budget_ms,
                _ => true,
            });
        self.metrics_js(done)
    }

    /// Slow motion: one mini-batch step. Returns the metrics plus `rows` (the batch: indices
    /// into `points()`, whose training points come first), `batch` (batches done in this
    /// epoch) and `batches` (per epoch).
    #[wasm_bindgen(js_name = stepBatch)]
    pub fn step_batch(&mut self) -> Result<JsValue, Thrown> {
        let (rows, (batch, batches)) = self.session.train_batch();
        let m = self.metrics_js(0)?;
        let set = |k: &str, v: JsValue| Reflect::set(&m, &JsValue::from_str(k), &v).map(|_| ());
        let rows: Vec<f64> = rows.iter().map(|&r| r as f64).collect();
        set("rows", Float64Array::from(rows.as_slice()).into())
            .and_then(|_| set("batch", JsValue::from_f64(batch as f64)))
            .and_then(|_| set("batches", JsValue::from_f64(batches as f64)))
            .map_err(|_| {
                fail(Code::BadValue, |e| {
                    e.with("detail", "could not build the result")
                        .at_field("stepBatch")
                })
            })?;
        Ok(m)
    }

    fn metrics_js(&self, epochs_run: u32) -> Result<JsValue, Thrown> {
        let m = self.session.latest();
        to_js(&Metrics {
            epoch: m.epoch as f64,
            train_loss: m.train.loss,
            test_loss: m.test.loss,
            train_accuracy: m.train.accuracy,
            test_accuracy: m.test.accuracy,
            epochs_run,
            diverged: self.session.diverged(),
        })
    }

    /// Whether there are last good weights to go back to: the weights from before the latest
    /// training call that were finite and within ±`limits.maxParam` (none after a change of
    /// shape).
    #[wasm_bindgen(js_name = hasLastGood)]
    pub fn has_last_good(&self) -> bool {
        self.session.has_last_good()
    }

    /// Sets the weights back to the last good ones (e.g. after a divergence); the optimizer
    /// starts afresh and the metrics are refreshed. Throws if there are none.
    #[wasm_bindgen(js_name = restoreLastGood)]
    pub fn restore_last_good(&mut self) -> Result<(), Thrown> {
        self.session.restore_last_good().map_err(err)
    }

    /// The latest metrics: `{epoch, trainLoss, testLoss, trainAccuracy, testAccuracy}`.
    pub fn metrics(&self) -> Result<JsValue, Thrown> {
        self.metrics_js(0)
    }

    /// The recorded metrics of every epoch from `fromEpoch` on, as `[epoch, trainLoss,
    /// testLoss]` triples (one entry per `step` epoch, one per `trainFor` call; long runs are
    /// thinned to at most 1024 entries). A NaN or negative `fromEpoch` gives everything.
    #[wasm_bindgen(js_name = lossHistory)]
    pub fn loss_history(&self, from_epoch: f64) -> Float64Array {
        let h = self.session.history();
        let from = if from_epoch > 0.0 {
            h.partition_point(|m| (m.epoch as f64) < from_epoch)
        } else {
            0
        };
        let flat: Vec<f64> = h[from..]
            .iter()
            .flat_map(|m| [m.epoch as f64, m.train.loss, m.test.loss])
            .collect();
        Float64Array::from(flat.as_slice())
    }

    /// A saved run's progress, restored after its weights: the epoch count and the loss curve
    /// as `lossHistory` gives it ([epoch, train loss, test loss]…). Refused, nothing changed,
    /// unless the epoch is a whole number ≥ 0 and the curve well formed (see
    /// `Session::restore_progress`).
    #[wasm_bindgen(js_name = restoreProgress)]
    pub fn restore_progress(&mut self, epoch: f64, losses: JsValue) -> Result<(), Thrown> {
        let losses = numbers(&losses, "history")?;
        if !(epoch.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(&epoch)) {
            return Err(fail(Code::WholeNumber, |e| {
                e.with("v", js_number(epoch)).at_field("epoch")
            }));
        }
        if losses.len() % 3 != 0 {
            return Err(fail(Code::HistoryTriples, |e| {
                e.with("n", losses.len()).at_field("history")
            }));
        }
        let triples: Vec<[f64; 3]> = losses.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
        self.session
            .restore_progress(epoch as u64, &triples)
            .map_err(err)
    }

    /// Adds a point drawn by hand to the training set (a class index, or a value for
    /// regression); the metrics follow at once. On error nothing changes.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(&mut self, x1: f64, x2: f64, label: f64) -> Result<(), Thrown> {
        self.session.add_point([x1, x2], label).map_err(err)
    }

    /// Removes the point nearest to (x1, x2) within `radius`; returns it as `[x1, x2, label]`,
    /// or an empty array when none is that close.
    #[wasm_bindgen(js_name = removeNearest)]
    pub fn remove_nearest(&mut self, x1: f64, x2: f64, radius: f64) -> Result<Vec<f64>, Thrown> {
        finite_point(x1, x2)?;
        if !(radius.is_finite() && radius >= 0.0) {
            return Err(fail(Code::NonNegative, |e| {
                e.with("v", radius).at_field("radius")
            }));
        }
        Ok(self
            .session
            .remove_nearest([x1, x2], radius)
            .map_or_else(Vec::new, |(p, l)| vec![p[0], p[1], l]))
    }

    /// Removes every point.
    #[wasm_bindgen(js_name = clearData)]
    pub fn clear_data(&mut self) {
        self.session.clear_data();
    }

    /// Layer widths from input to output, e.g. `[2, 8, 8, 2]`.
    #[wasm_bindgen(js_name = layerSizes)]
    pub fn layer_sizes(&self) -> Vec<u32> {
        self.session
            .network()
            .spec()
            .widths()
            .iter()
            .map(|&w| w as u32)
            .collect()
    }

    /// The input features' names, in input order.
    #[wasm_bindgen(js_name = featureNames)]
    pub fn feature_names(&self) -> Vec<String> {
        self.session
            .network()
            .features()
            .iter()
            .map(|f| f.name().to_string())
            .collect()
    }

    /// 0 for regression, else the number of classes.
    pub fn classes(&self) -> u32 {
        match self.session.task() {
            Task::Classification { classes } => classes as u32,
            Task::Regression => 0,
        }
    }

    /// One parameter by name, e.g. `W1[0][2]` or `b2[1]`.
    pub fn param(&self, name: JsValue) -> Result<f64, Thrown> {
        let id: ParamId = text(&name, "name")?.parse().map_err(err)?;
        self.session.network().param(id).map_err(err)
    }

    /// Sets one parameter; a bad name or non-finite value is rejected and nothing changes.
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, name: JsValue, value: f64) -> Result<(), Thrown> {
        let id: ParamId = text(&name, "name")?.parse().map_err(err)?;
        self.session.set_param(id, value).map_err(err)
    }

    /// Every parameter's name, in the order of `params()`.
    #[wasm_bindgen(js_name = paramNames)]
    pub fn param_names(&self) -> Vec<String> {
        self.session
            .network()
            .parameter_ids()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Every parameter's value, layer by layer: weights row by row, then biases.
    pub fn params(&self) -> Float64Array {
        Float64Array::from(self.session.network().params().as_slice())
    }

    /// Every parameter's gradient from the last backward pass (the last mini-batch trained),
    /// in the order of `params()`: ∂L/∂W and ∂L/∂b of the mean loss of that batch, without
    /// the regularization term. Zero before any training.
    pub fn grads(&self) -> Float64Array {
        let net = self.session.network();
        let g: Vec<f64> = net
            .parameter_ids()
            .into_iter()
            .map(|id| net.grad(id).unwrap_or(f64::NAN))
            .collect();
        Float64Array::from(g.as_slice())
    }

    /// ∂(mean training loss)/∂θ for every parameter over the whole training set, in the order
    /// of `params()`: the slope of the loss landscape at the current weights.
    #[wasm_bindgen(js_name = trainGradient)]
    pub fn train_gradient(&self) -> Float64Array {
        let g = backprop::inspect::landscape::gradient(
            self.session.network(),
            self.session.train_samples(),
        );
        Float64Array::from(g.as_slice())
    }

    /// Every data point's activations in hidden layer `layer` (1-based), in the order of
    /// `points()`: a (points × width) matrix, row-major — the data as that layer sees it.
    pub fn activations(&self, layer: f64) -> Result<Float64Array, Thrown> {
        let net = self.session.network();
        let hidden = net.layers().len().saturating_sub(1);
        let layer = count(layer, "layer")?;
        if layer == 0 || layer > hidden as u64 {
            return Err(fail(Code::ExpectedRange, |e| {
                e.with("min", 1)
                    .with("max", hidden)
                    .with("v", layer)
                    .at_field("layer")
            }));
        }
        let data = self.session.data();
        let x = backprop::data::features::transform(net.features(), &data.points);
        let acts = net.activations(&x);
        let a = &acts[layer as usize - 1];
        Ok(Float64Array::from(
            a.iter().copied().collect::<Vec<f64>>().as_slice(),
        ))
    }

    /// The loss landscape: the mean training loss with parameter `a` (and `b`, unless empty or
    /// null) moved over [v − span, v + span] in `n` evenly spaced values (n odd). Returns n
    /// values, or n×n row-major with `b` outer; the middle value is the loss at the current
    /// weights. The network is left unchanged. With `rowFrom` (and `rowTo`, else the last
    /// row + 1), only those rows of the map (`b`'s values; a curve has the one row 0), the
    /// same values as the whole map's: a big map can be computed a few rows at a time. With
    /// `picture` true, the values for a picture: all but the middle one in `f32` (display
    /// precision, about 1e−6; the middle one exact), several times faster.
    // (The JS signature: a, b, n, span, then the optional rows and picture flag.)
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = lossLandscape)]
    pub fn loss_landscape(
        &self,
        a: JsValue,
        b: JsValue,
        n: f64,
        span: f64,
        #[wasm_bindgen(js_name = rowFrom)] row_from: Option<f64>,
        #[wasm_bindgen(js_name = rowTo)] row_to: Option<f64>,
        picture: Option<bool>,
    ) -> Result<Float64Array, Thrown> {
        let a: ParamId = text(&a, "a")?.parse().map_err(err)?;
        let b: Option<ParamId> = if b.is_undefined() || b.is_null() {
            None
        } else {
            match text(&b, "b")?.as_str() {
                "" => None,
                b => Some(b.parse().map_err(err)?),
            }
        };
        // Whole numbers; their upper limits are the core's (an odd n up to its maximum, rows
        // within the map).
        let n = count(n, "n")?;
        let all = if b.is_some() { n } else { 1 };
        let (from, to) = (
            row_from.map_or(Ok(0), |r| count(r, "rowFrom"))?,
            row_to.map_or(Ok(all), |r| count(r, "rowTo"))?,
        );
        // Beyond what a wasm usize holds: refused here, with the numbers given.
        let n = usize::try_from(n).map_err(|_| {
            fail(Code::LandscapeSize, |e| {
                e.with("max", MAX_LANDSCAPE).with("n", n).at_field("n")
            })
        })?;
        let rows = match (usize::try_from(from), usize::try_from(to)) {
            (Ok(from), Ok(to)) => from..to,
            _ => {
                return Err(fail(Code::RowsRange, |e| {
                    e.with("all", all)
                        .with("from", from)
                        .with("to", to)
                        .at_field("rows")
                }));
            }
        };
        let rows_of = if picture == Some(true) {
            backprop::inspect::landscape::loss_map_rows
        } else {
            backprop::inspect::landscape::loss_landscape_rows
        };
        let values = rows_of(
            self.session.network(),
            self.session.train_samples(),
            a,
            b,
            n,
            span,
            rows,
        )
        .map_err(err)?;
        Ok(Float64Array::from(values.as_slice()))
    }

    /// Sets every parameter at once (the order of `params()`); checked whole first.
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, values: JsValue) -> Result<(), Thrown> {
        let values = numbers(&values, "params")?;
        self.session.set_params(&values).map_err(err)
    }

    /// Every data point as `[x1, x2, label, isTrain]` quadruples.
    pub fn points(&self) -> Float64Array {
        let mut v = Vec::with_capacity(4 * self.session.data().len());
        for (set, flag) in [
            (self.session.train_set(), 1.0),
            (self.session.test_set(), 0.0),
        ] {
            for (p, l) in set.points.iter().zip(&set.labels) {
                v.extend_from_slice(&[p[0], p[1], *l, flag]);
            }
        }
        Float64Array::from(v.as_slice())
    }

    /// The network's output at one point: class probabilities or the value.
    pub fn predict(&self, x1: f64, x2: f64) -> Result<Vec<f64>, Thrown> {
        finite_point(x1, x2)?;
        let net = self.session.network();
        let x = backprop::data::features::transform(net.features(), &[[x1, x2]]);
        Ok(net.predict(&x).iter().copied().collect())
    }

    /// One batched pass over a `size`×`size` grid (1 to 512): every node's value at every
    /// cell, for pictures (`f32`, display precision; every number the page prints comes from
    /// the `f64` calls), with no copy. Returns `[ptr, width, ptr, width, …]`, one pair per
    /// layer (features, each hidden layer, output): layer l is a node-major (width × size²)
    /// matrix of f32 at byte offset `ptr` of wasm memory — node j's value at cell i is element
    /// `j·size² + i`, each node's picture one run of size² values. Read it with
    /// `new Float32Array(wasmMemory().buffer, ptr, width·size²)`, made after this call (memory
    /// may have grown) and valid until the next call.
    #[wasm_bindgen(js_name = evaluateGrid)]
    pub fn evaluate_grid(&mut self, size: f64) -> Result<Vec<u32>, Thrown> {
        let size = count_in(size, 1, MAX_GRID, "grid size")?;
        if self.grid.size() != size {
            self.grid = backprop::Grid::new(size, self.session.network().features());
        }
        let g = self.grid.evaluate(self.session.network());
        Ok(g.layers
            .iter()
            .flat_map(|p| [p.values.as_ptr() as usize as u32, p.width as u32])
            .collect())
    }

    /// The network's output over a `size`×`size` grid (1 to 1200) in `f32`, for the picture
    /// of the decision boundary at the canvas's full resolution (display precision, about
    /// 1e−6; every number the page prints comes from the `f64` calls). Returns `[ptr, width]`:
    /// a row-major (size² × width) matrix of f32 at byte offset `ptr` of wasm memory, rows in
    /// `evaluateGrid`'s order. Read it with `new Float32Array(wasmMemory().buffer, ptr,
    /// size²·width)`, made after this call and valid until the next call.
    ///
    /// With `part` and `parts` (0 ≤ part < parts ≤ size), only that band of rows is computed
    /// (the others keep their values): the parts of one network give exactly the whole, so a
    /// slow device can spread a large picture over several short tasks.
    #[wasm_bindgen(js_name = evaluateBoundary)]
    pub fn evaluate_boundary(
        &mut self,
        size: f64,
        part: Option<f64>,
        parts: Option<f64>,
    ) -> Result<Vec<u32>, Thrown> {
        let size = count_in(size, 1, MAX_DISPLAY, "boundary size")?;
        let part = part.map_or(Ok(0), |p| count(p, "boundary part"))?;
        let parts = parts.map_or(Ok(1), |p| count(p, "boundary part"))?;
        if !(1..=size as u64).contains(&parts) || part >= parts {
            return Err(fail(Code::BoundaryPart, |e| {
                e.with("size", size)
                    .with("part", part)
                    .with("parts", parts)
                    .at_field("boundary part")
            }));
        }
        let (part, parts) = (part as usize, parts as usize);
        // The two sizes used last are kept (the page alternates between a quick picture and
        // the full one made in parts): a grid's features are built once per size.
        if self.display[0].size() != size {
            if self.display[1].size() != size {
                self.display[1] = DisplayGrid::new(size);
            }
            self.display.swap(0, 1);
        }
        let out = self.display[0].evaluate_part(self.session.network(), part, parts);
        Ok(vec![
            out.as_ptr() as usize as u32,
            self.session.network().outputs() as u32,
        ])
    }

    /// One sample through the network for the inspector: every u, z, δ, dW, db, the loss and
    /// dx (see the core's `Trace`), plus the current `weights`, the `updated` weights one SGD
    /// step on this sample would give (W − η·dW, η the current learning rate), the
    /// `learningRate`, `activation` and `output`.
    pub fn trace(&self, x1: f64, x2: f64, label: f64) -> Result<JsValue, Thrown> {
        self.sample(x1, x2, label)?;
        let net = self.session.network();
        let tr = trace(net, [x1, x2], label);
        let lr = self.session.config().hyper.learning_rate;
        let weights = net.to_model().layers;
        let updated = tr.updated(net, lr);
        to_js(&Inspection {
            trace: &tr,
            weights,
            updated,
            learning_rate: lr,
            activation: net.activation().name(),
            output: net.output().name(),
        })
    }

    /// The same sample as the article draws it: every layer opened into its primitive nodes
    /// (dot, add, exp, 1/x, …), each with its output and ∂L/∂output, computed node by node in
    /// the core (see `backprop::inspect::primitives`), and the gradient along each arrow into
    /// it: `inputGrad` (from what precedes it) and, for W, b, t and softmax's e into ×,
    /// `operandValue` / `operandGrad` — where a value feeds two nodes, each arrow its share.
    #[wasm_bindgen(js_name = primitiveTrace)]
    pub fn primitive_trace(&self, x1: f64, x2: f64, label: f64) -> Result<JsValue, Thrown> {
        self.sample(x1, x2, label)?;
        to_js(&backprop::inspect::primitives::primitive_trace(
            self.session.network(),
            [x1, x2],
            label,
        ))
    }

    /// The article's warm-up graph (§2.2), `t = x + y`, `z = t²`: `{x, y, t, z, dzDt, dzDx,
    /// dzDy}`. Inputs beyond ±1e6 (whose t² would overflow) and non-finite ones are refused.
    #[wasm_bindgen(js_name = warmUp)]
    pub fn warm_up(x: f64, y: f64) -> Result<JsValue, Thrown> {
        // Bounded like a parameter: past it t² overflows and z reads "Infinity".
        for (name, v) in [("x", x), ("y", y)] {
            backprop::task::check_param(v).map_err(|e| err(e.at_field(name)))?;
        }
        to_js(&backprop::inspect::primitives::warm_up(x, y))
    }

    /// Trains `steps` gradient steps (at most `limits.maxEpochsPerCall`) on this one sample,
    /// as the article's loop does, with the current optimizer and learning rate; returns the
    /// metrics.
    #[wasm_bindgen(js_name = trainSample)]
    pub fn train_sample(
        &mut self,
        x1: f64,
        x2: f64,
        label: f64,
        steps: f64,
    ) -> Result<JsValue, Thrown> {
        finite_point(x1, x2)?;
        let steps = per_call(steps, "steps")?;
        self.session
            .train_sample([x1, x2], label, steps)
            .map_err(err)?;
        self.metrics_js(0)
    }

    /// One checked sample as the network's feature and target rows.
    fn sample(&self, x1: f64, x2: f64, label: f64) -> Result<Samples, Thrown> {
        finite_point(x1, x2)?;
        let data = Dataset::single([x1, x2], label, self.session.task()).map_err(err)?;
        Ok(Samples::new(self.session.network(), &data))
    }

    /// Numerical versus backprop gradients for one sample, every parameter.
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self, x1: f64, x2: f64, label: f64) -> Result<JsValue, Thrown> {
        let s = self.sample(x1, x2, label)?;
        to_js(&gradient_check(self.session.network(), &s.x, &s.t).map_err(err)?)
    }

    /// The network as the model file the CLI reads. Never a non-finite weight: after a
    /// divergence the last good weights are exported (see `exportsLastGood`); throws when
    /// there are none.
    #[wasm_bindgen(js_name = exportModel)]
    pub fn export_model(&self) -> Result<String, Thrown> {
        self.session
            .savable_network()
            .map(|(net, _)| net.to_json())
            .ok_or_else(|| fail(Code::NoFiniteWeights, |e| e))
    }

    /// Whether `exportModel` gives the last good weights instead of the current ones (which
    /// are NaN, infinite or beyond ±`limits.maxParam`).
    #[wasm_bindgen(js_name = exportsLastGood)]
    pub fn exports_last_good(&self) -> bool {
        self.session.savable_network().is_some_and(|(_, last)| last)
    }

    /// A file's bytes as text, by the core's one rule (UTF-8 with or without a byte-order
    /// mark, UTF-16 with one); anything else, or a NUL character, is refused.
    #[wasm_bindgen(js_name = decodeText)]
    pub fn decode_text(bytes: JsValue) -> Result<String, Thrown> {
        let bytes = self::bytes(&bytes, "bytes")?;
        backprop::files::text::decode(&bytes).map_err(err)
    }

    /// Loads a model file (validated whole first; on error nothing changes). Its task must
    /// match the data's.
    #[wasm_bindgen(js_name = importModel)]
    pub fn import_model(&mut self, text: JsValue) -> Result<(), Thrown> {
        let net = Network::from_json(&self::text(&text, "model")?).map_err(err)?;
        self.session.set_network(net).map_err(err)
    }

    /// The data as CSV `x1,x2,label,split`: every point with its set (`train`/`test`).
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> String {
        backprop::files::csv::split_to_csv(self.session.train_set(), self.session.test_set())
    }

    /// Replaces the data with CSV text (validated whole first). A `split` column keeps each
    /// point's set; without one the seeded rule splits the rows. Labels for the current task
    /// are taken as they are; class indices beyond the current classes (up to 8) make a
    /// fresh network for that many classes. On error nothing changes.
    #[wasm_bindgen(js_name = importCsv)]
    pub fn import_csv(&mut self, text: JsValue) -> Result<(), Thrown> {
        let text = self::text(&text, "csv")?;
        let text = text.as_str();
        let task = self.session.task();
        match backprop::files::csv::DataFile::from_csv(text, task) {
            Ok(file) => self
                .session
                .set_rows(&file.data, file.split.as_deref())
                .map_err(err),
            Err(first) => {
                let most = Task::Classification {
                    classes: backprop::training::network::MAX_CLASSES,
                };
                let file = match task {
                    Task::Classification { .. } => {
                        // Refused for 8 classes too: that error says what the page takes.
                        backprop::files::csv::DataFile::from_csv(text, most).map_err(err)?
                    }
                    Task::Regression => return Err(err(first)),
                };
                let top = file.data.labels.iter().fold(0.0f64, |a, &b| a.max(b));
                let classes = (top as usize + 1).max(2);
                self.session
                    .set_rows_for(
                        &file.data,
                        file.split.as_deref(),
                        Task::Classification { classes },
                    )
                    .map_err(err)
            }
        }
    }

    /// `n` points (at most 2 000, the core's `MAX_PREVIEW_POINTS`) of a built-in data set, `[x1, x2, label]` triples — for the
    /// picker's previews.
    pub fn preview(kind: JsValue, n: f64, noise: f64) -> Result<Float64Array, Thrown> {
        let kind: DatasetKind = text(&kind, "kind")?.parse().map_err(err)?;
        let n = count(n, "preview")?;
        if n > MAX_PREVIEW_POINTS as u64 {
            return Err(fail(Code::TooManyPoints, |e| {
                e.with("n", MAX_PREVIEW_POINTS)
                    .with("got", n)
                    .at_field("preview")
            }));
        }
        if !NOISE.contains(noise) {
            return Err(fail(Code::Noise, |e| {
                e.with("min", NOISE.min)
                    .with("max", NOISE.max)
                    .with("v", js_number(noise))
                    .at_field("preview")
            }));
        }
        let d = kind.generate(n as usize, noise, &mut rng_for(1, Stream::Data));
        let v: Vec<f64> = d
            .points
            .iter()
            .zip(&d.labels)
            .flat_map(|(p, l)| [p[0], p[1], *l])
            .collect();
        Ok(Float64Array::from(v.as_slice()))
    }
}

/// A count of epochs or steps for one call: whole, at most `limits.maxEpochsPerCall`.
fn per_call(v: f64, field: &str) -> Result<u32, Thrown> {
    let n = count(v, field)?;
    if n > u64::from(MAX_EPOCHS_PER_CALL) {
        return Err(fail(Code::PerCall, |e| {
            e.with("max", MAX_EPOCHS_PER_CALL)
                .with("n", n)
                .at_field(field)
        }));
    }
    Ok(n as u32)
}

fn finite_point(x1: f64, x2: f64) -> Result<(), Thrown> {
    if x1.is_finite() && x2.is_finite() {
        Ok(())
    } else {
        Err(fail(Code::PointNotFinite, |e| {
            e.with("x1", x1).with("x2", x2)
        }))
    }
}
