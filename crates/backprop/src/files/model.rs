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

use crate::data::features::Feature;
use crate::error::{Error, Result};
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

fn at(path: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Model {
        path: path.into(),
        message: message.into(),
    }
}

impl ModelFile {
    /// Parses JSON text; syntax errors say the line and column.
    pub fn from_json(text: &str) -> Result<ModelFile> {
        if text.len() > MAX_MODEL_BYTES {
            return Err(at(
                "file",
                format!(
                    "too large ({} bytes, at most {MAX_MODEL_BYTES})",
                    text.len()
                ),
            ));
        }
        if text.trim().is_empty() {
            return Err(at("file", "empty"));
        }
        serde_json::from_str(text).map_err(|e| at("file", format!("not a model file: {e}")))
    }

    /// Validates everything and builds the network; the error names the first bad place.
    pub fn to_network(&self) -> Result<Network> {
        if self.format != FORMAT {
            return Err(at(
                "format",
                format!("expected {FORMAT:?}, found {:?}", self.format),
            ));
        }
        let mut features = Vec::new();
        for (i, name) in self.features.iter().enumerate() {
            let f: Feature = name
                .parse()
                .map_err(|e: Error| at(format!("features[{i}]"), strip(e)))?;
            if features.contains(&f) {
                return Err(at(
                    format!("features[{i}]"),
                    format!("{name} is listed twice"),
                ));
            }
            features.push(f);
        }
        if features.is_empty() {
            return Err(at("features", "at least one input feature is needed"));
        }
        let activation = self
            .activation
            .parse()
            .map_err(|e: Error| at("activation", strip(e)))?;
        let output = self
            .output
            .parse()
            .map_err(|e: Error| at("output", strip(e)))?;
        if self.layers.is_empty() {
            return Err(at("layers", "the network has no layers"));
        }
        if self.layers.len() > MAX_HIDDEN_LAYERS + 1 {
            return Err(at(
                "layers",
                format!(
                    "at most {} layers, found {}",
                    MAX_HIDDEN_LAYERS + 1,
                    self.layers.len()
                ),
            ));
        }
        let mut inputs = features.len();
        let mut layers = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.iter().enumerate() {
            let last = l + 1 == self.layers.len();
            let outputs = layer.bias.len();
            if outputs == 0 {
                return Err(at(format!("layers[{l}].bias"), "empty"));
            }
            if !last && outputs > MAX_NEURONS {
                return Err(at(
                    format!("layers[{l}].bias"),
                    format!("at most {MAX_NEURONS} neurons in a hidden layer, found {outputs}"),
                ));
            }
            if layer.weights.len() != inputs {
                return Err(at(
                    format!("layers[{l}].weights"),
                    format!("expected {inputs} rows, found {}", layer.weights.len()),
                ));
            }
            let mut flat = Vec::with_capacity(inputs * outputs);
            for (i, r) in layer.weights.iter().enumerate() {
                if r.len() != outputs {
                    return Err(at(
                        format!("layers[{l}].weights[{i}]"),
                        format!(
                            "expected {outputs} values (one per bias), found {}",
                            r.len()
                        ),
                    ));
                }
                for (j, &v) in r.iter().enumerate() {
                    check_param(v).map_err(|m| at(format!("layers[{l}].weights[{i}][{j}]"), m))?;
                }
                flat.extend_from_slice(r);
            }
            for (j, &v) in layer.bias.iter().enumerate() {
                check_param(v).map_err(|m| at(format!("layers[{l}].bias[{j}]"), m))?;
            }
            let w = Array2::from_shape_vec((inputs, outputs), flat)
                .map_err(|e| at(format!("layers[{l}].weights"), e.to_string()))?;
            layers.push(Affine::new(w, Array1::from(layer.bias.clone())));
            inputs = outputs;
        }
        Network::from_layers(features, layers, activation, output)
            .map_err(|e| at("output", strip(e)))
    }
}

fn strip(e: Error) -> String {
    match e {
        Error::Invalid(m) | Error::Shape(m) => m,
        other => other.to_string(),
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
