//! The model file: a network's features, activation, output and weights as JSON. The page
//! exports and imports the same file as the CLI.
//!
//! ```json
//! {"format": "backprop-playground/model@1",
//!  "features": ["x1", "x2"], "activation": "relu", "output": "softmax",
//!  "layers": [{"weights": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "bias": [0.1, 0.2, 0.3]},
//!             {"weights": [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], "bias": [0.1, 0.2]}]}
//! ```
//! `weights[i][j]` joins input i to output j.

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::data::features::Feature;
use crate::error::{Code, Error, Result};
use crate::layers::affine::Affine;
use crate::training::network::{MAX_HIDDEN_LAYERS, MAX_NEURONS, Network, check_param};

/// The `format` value of the current model file version.
pub const FORMAT: &str = "backprop-playground/model@1";
/// The largest model file accepted, in bytes.
pub const MAX_MODEL_BYTES: usize = 1 << 20;

/// The file as written. Names are kept as strings here so that validation can say exactly
/// which one is unknown and where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    pub format: String,
    pub features: Vec<String>,
    pub activation: String,
    pub output: String,
    pub layers: Vec<LayerFile>,
}

/// One Affine layer: `weights` (inputs × outputs) and `bias` (outputs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerFile {
    pub weights: Vec<Vec<f64>>,
    pub bias: Vec<f64>,
}

/// The file as read: every weight and bias still its JSON text, so that it is parsed by
/// `f64::from_str` (correctly rounded: what [`Network::to_json`] writes reads back to the bit)
/// rather than by a second float parser in the page's module.
#[derive(Deserialize)]
struct RawModel<'a> {
    format: String,
    features: Vec<String>,
    activation: String,
    output: String,
    #[serde(borrow)]
    layers: Vec<RawLayer<'a>>,
}

#[derive(Deserialize)]
struct RawLayer<'a> {
    #[serde(borrow)]
    weights: Vec<Vec<&'a RawValue>>,
    #[serde(borrow)]
    bias: Vec<&'a RawValue>,
}

impl RawModel<'_> {
    /// The file with its numbers parsed; a value that is not a number, or too large for an
    /// f64, is an error at its place.
    fn parsed(self) -> Result<ModelFile> {
        let mut layers = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.into_iter().enumerate() {
            let mut weights = Vec::with_capacity(layer.weights.len());
            for (i, row) in layer.weights.iter().enumerate() {
                let place = |j| format!("layers[{l}].weights[{i}][{j}]");
                weights.push(numbers(row, place)?);
            }
            let bias = numbers(&layer.bias, |j| format!("layers[{l}].bias[{j}]"))?;
            layers.push(LayerFile { weights, bias });
        }
        Ok(ModelFile {
            format: self.format,
            features: self.features,
            activation: self.activation,
            output: self.output,
            layers,
        })
    }
}

/// The JSON values `raw` as numbers; the error names the place (`place(j)`) of the first that
/// is not a finite one.
fn numbers(raw: &[&RawValue], place: impl Fn(usize) -> String) -> Result<Vec<f64>> {
    let mut out = Vec::with_capacity(raw.len());
    for (j, r) in raw.iter().enumerate() {
        let text = r.get();
        // Valid JSON (the parser checked it): a number starts with '-' or a digit, and then
        // it is one `f64::from_str` reads.
        let number = text.starts_with(|c: char| c == '-' || c.is_ascii_digit());
        // (A message shows at most 40 characters of what was found.)
        let shown: String = text.chars().take(40).collect();
        match text.parse::<f64>() {
            Ok(v) if number && v.is_finite() => out.push(v),
            Ok(_) if number => {
                return Err(at(place(j), Code::OutOfRange, |e| {
                    e.with("v", shown)
                        .with("max", format!("{:e}", crate::task::MAX_PARAM))
                }));
            }
            _ => return Err(at(place(j), Code::NotNumber, |e| e.with("v", shown))),
        }
    }
    Ok(out)
}

/// An error of `code` at the model file's field `path`, its values added by `build`.
fn at(path: impl Into<String>, code: Code, build: impl FnOnce(Error) -> Error) -> Error {
    build(Error::new(code)).at_field(path)
}

impl ModelFile {
    /// Parses JSON text; syntax errors say the line and column.
    pub fn from_json(text: &str) -> Result<ModelFile> {
        if text.len() > MAX_MODEL_BYTES {
            return Err(at("file", Code::TooLargeFile, |e| {
                e.with("n", text.len()).with("max", MAX_MODEL_BYTES)
            }));
        }
        if text.trim().is_empty() {
            return Err(at("file", Code::Empty, |e| e));
        }
        let raw: RawModel = serde_json::from_str(text)
            .map_err(|err| at("file", Code::NotModel, |e| e.with("detail", err)))?;
        raw.parsed()
    }

    /// Validates everything and builds the network; the error names the first bad place.
    pub fn to_network(&self) -> Result<Network> {
        if self.format != FORMAT {
            return Err(at("format", Code::Format, |e| {
                e.with("want", format!("{FORMAT:?}"))
                    .with("found", format!("{:?}", self.format))
            }));
        }
        let mut features = Vec::new();
        for (i, name) in self.features.iter().enumerate() {
            let f: Feature = name
                .parse()
                .map_err(|e: Error| e.at_field(format!("features[{i}]")))?;
            if features.contains(&f) {
                return Err(at(format!("features[{i}]"), Code::Twice, |e| {
                    e.with("name", name)
                }));
            }
            features.push(f);
        }
        if features.is_empty() {
            return Err(at("features", Code::NoFeature, |e| e));
        }
        let activation = self
            .activation
            .parse()
            .map_err(|e: Error| e.at_field("activation"))?;
        let output = self
            .output
            .parse()
            .map_err(|e: Error| e.at_field("output"))?;
        if self.layers.is_empty() {
            return Err(at("layers", Code::NoLayers, |e| e));
        }
        if self.layers.len() > MAX_HIDDEN_LAYERS + 1 {
            return Err(at("layers", Code::MaxLayers, |e| {
                e.with("max", MAX_HIDDEN_LAYERS + 1)
                    .with("n", self.layers.len())
            }));
        }
        let mut inputs = features.len();
        let mut layers = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.iter().enumerate() {
            let last = l + 1 == self.layers.len();
            let outputs = layer.bias.len();
            if outputs == 0 {
                return Err(at(format!("layers[{l}].bias"), Code::Empty, |e| e));
            }
            if !last && outputs > MAX_NEURONS {
                return Err(at(format!("layers[{l}].bias"), Code::MaxNeurons, |e| {
                    e.with("max", MAX_NEURONS).with("n", outputs)
                }));
            }
            if layer.weights.len() != inputs {
                return Err(at(format!("layers[{l}].weights"), Code::Rows, |e| {
                    e.with("want", inputs).with("found", layer.weights.len())
                }));
            }
            let mut flat = Vec::with_capacity(inputs * outputs);
            for (i, r) in layer.weights.iter().enumerate() {
                if r.len() != outputs {
                    return Err(at(
                        format!("layers[{l}].weights[{i}]"),
                        Code::BiasValues,
                        |e| e.with("want", outputs).with("found", r.len()),
                    ));
                }
                for (j, &v) in r.iter().enumerate() {
                    check_param(v)
                        .map_err(|e| e.at_field(format!("layers[{l}].weights[{i}][{j}]")))?;
                }
                flat.extend_from_slice(r);
            }
            for (j, &v) in layer.bias.iter().enumerate() {
                check_param(v).map_err(|e| e.at_field(format!("layers[{l}].bias[{j}]")))?;
            }
            let w = Array2::from_shape_vec((inputs, outputs), flat).map_err(|err| {
                at(format!("layers[{l}].weights"), Code::Shape, |e| {
                    e.with("detail", err)
                })
            })?;
            layers.push(Affine::new(w, Array1::from(layer.bias.clone())));
            inputs = outputs;
        }
        Network::from_layers(features, layers, activation, output).map_err(|e| e.at_field("output"))
    }
}

impl Network {
    /// The model file of this network.
    pub fn to_model(&self) -> ModelFile {
        ModelFile {
            format: FORMAT.to_string(),
            features: self
                .features()
                .iter()
                .map(|f| f.name().to_string())
                .collect(),
            activation: self.activation().name().to_string(),
            output: self.output().name().to_string(),
            layers: self
                .layers()
                .iter()
                .map(|l| LayerFile {
                    weights: l.w.rows().into_iter().map(|r| r.to_vec()).collect(),
                    bias: l.b.to_vec(),
                })
                .collect(),
        }
    }

    /// The model file as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_model()).unwrap_or_default()
    }

    /// Parses and validates a model file.
    pub fn from_json(text: &str) -> Result<Network> {
        ModelFile::from_json(text)?.to_network()
    }
}
