//! A feed-forward network: Affine → activation → … → Affine → output-with-loss.

use ndarray::{Array1, Array2};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

use crate::data::features::Feature;
use crate::error::{Code, Error, Result, fail};
use crate::kernels::sgd::SgdStep;
use crate::layers::activation::{Activation, ActivationLayer};
use crate::layers::affine::Affine;
use crate::layers::loss::{LossLayer, Output};

pub use crate::task::{
    MAX_CLASSES, MAX_HIDDEN_LAYERS, MAX_NEURONS, MAX_PARAM, MIN_CLASSES, Task, check_param,
};

impl Task {
    /// The output layer that the task calls for: softmax for classes, the identity for a value.
    pub fn output(self) -> Output {
        match self {
            Task::Classification { .. } => Output::Softmax,
            Task::Regression => Output::Linear,
        }
    }
}

/// Everything that fixes a network's shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkSpec {
    pub features: Vec<Feature>,
    /// Hidden layer widths, 0 to [`MAX_HIDDEN_LAYERS`] layers of 1 to [`MAX_NEURONS`].
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub task: Task,
}

impl NetworkSpec {
    /// Checks every limit; the message says which one is broken.
    pub fn validate(&self) -> Result<()> {
        if self.features.is_empty() {
            return fail(Code::NoFeature, |e| e);
        }
        for (i, f) in self.features.iter().enumerate() {
            if self.features[..i].contains(f) {
                return fail(Code::Twice, |e| e.with("name", format!("feature {f}")));
            }
        }
        if self.hidden.len() > MAX_HIDDEN_LAYERS {
            return fail(Code::MaxHidden, |e| {
                e.with("max", MAX_HIDDEN_LAYERS)
                    .with("n", self.hidden.len())
            });
        }
        for (i, &n) in self.hidden.iter().enumerate() {
            if !(1..=MAX_NEURONS).contains(&n) {
                return fail(Code::HiddenNeurons, |e| {
                    e.with("layer", i + 1).with("max", MAX_NEURONS).with("n", n)
                });
            }
        }
        self.task.validate()
    }

    /// Layer widths from input to output, e.g. `[2, 8, 8, 2]`.
    pub fn widths(&self) -> Vec<usize> {
        let mut w = vec![self.features.len()];
        w.extend(&self.hidden);
        w.push(self.task.outputs());
        w
    }
}

/// Names one parameter: `W1[0][2]` joins input 0 of layer 1 to its neuron 2, `b2[1]` is the
/// bias of neuron 1 in layer 2. Layers count from 1 as in the article; indices from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamId {
    Weight {
        layer: usize,
        from: usize,
        to: usize,
    },
    Bias {
        layer: usize,
        to: usize,
    },
}

impl fmt::Display for ParamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ParamId::Weight { layer, from, to } => write!(f, "W{layer}[{from}][{to}]"),
            ParamId::Bias { layer, to } => write!(f, "b{layer}[{to}]"),
        }
    }
}

impl FromStr for ParamId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::new(Code::BadParamName).with("v", format!("{s:?}"));
        let (is_weight, rest) = match s.as_bytes().first() {
            Some(b'W') => (true, &s[1..]),
            Some(b'b') => (false, &s[1..]),
            _ => return Err(bad()),
        };
        let open = rest.find('[').ok_or_else(bad)?;
        let layer: usize = rest[..open].parse().map_err(|_| bad())?;
        let mut idx = Vec::new();
        let mut tail = &rest[open..];
        while let Some(stripped) = tail.strip_prefix('[') {
            let close = stripped.find(']').ok_or_else(bad)?;
            idx.push(stripped[..close].parse::<usize>().map_err(|_| bad())?);
            tail = &stripped[close + 1..];
        }
        if !tail.is_empty() || layer == 0 {
            return Err(bad());
        }
        match (is_weight, idx.as_slice()) {
            (true, &[from, to]) => Ok(ParamId::Weight { layer, from, to }),
            (false, &[to]) => Ok(ParamId::Bias { layer, to }),
            _ => Err(bad()),
        }
    }
}

/// A network: its input features, Affine layers, the hidden activation between them and the
/// output-with-loss at the end. `layers[0]` is the article's (W1, b1).
#[derive(Clone, Debug)]
pub struct Network {
    features: Vec<Feature>,
    pub(crate) layers: Vec<Affine>,
    activation: Activation,
    output: Output,
    /// The activation layer after every Affine but the last, one per hidden layer (their
    /// caches live here).
    activations: Vec<ActivationLayer>,
    loss: LossLayer,
    /// Each Affine's output `u` of the last training forward, reused between steps.
    us: Vec<Array2<f64>>,
    /// Each Affine's `δ = ∂L/∂u` of the last backward, reused between steps.
    deltas: Vec<Array2<f64>>,
    /// `∂L/∂x` of the last backward.
    dx: Array2<f64>,
    /// The buffers of the whole-batch training kernel.
    batch: crate::kernels::batch::BatchStep,
}

impl Network {
    /// A network of the spec's shape with seeded random weights: He initialisation
    /// (σ = √(2/fan_in)) for ReLU, Glorot (σ = √(1/fan_in)) otherwise. Biases start at 0, or
    /// at 0.1 for ReLU so that no unit starts exactly on the kink at u = 0 (nor dead).
    pub fn new(spec: &NetworkSpec, rng: &mut impl Rng) -> Result<Network> {
        spec.validate()?;
        let widths = spec.widths();
        let (gain, bias) = if spec.activation == Activation::Relu {
            (2.0, 0.1)
        } else {
            (1.0, 0.0)
        };
        let layers = widths
            .windows(2)
            .map(|io| {
                let sigma = (gain / io[0] as f64).sqrt();
                let w = Array2::from_shape_simple_fn((io[0], io[1]), || {
                    let n: f64 = StandardNormal.sample(rng);
                    n * sigma
                });
                Affine::new(w, Array1::from_elem(io[1], bias))
            })
            .collect();
        Network::from_layers(
            spec.features.clone(),
            layers,
            spec.activation,
            spec.task.output(),
        )
    }

    /// Builds a network from given layers, checking that the shapes chain and that every
    /// number is finite.
    pub fn from_layers(
        features: Vec<Feature>,
        layers: Vec<Affine>,
        activation: Activation,
        output: Output,
    ) -> Result<Network> {
        if layers.is_empty() {
            return fail(Code::NoLayers, |e| e);
        }
        if layers[0].inputs() != features.len() {
            return fail(Code::LayerInputs, |e| {
                e.with("inputs", layers[0].inputs())
                    .with("features", features.len())
            });
        }
        for (i, pair) in layers.windows(2).enumerate() {
            if pair[0].outputs() != pair[1].inputs() {
                return fail(Code::LayerChain, |e| {
                    e.with("layer", i + 1)
                        .with("outputs", pair[0].outputs())
                        .with("next", i + 2)
                        .with("inputs", pair[1].inputs())
                });
            }
        }
        let outputs = layers[layers.len() - 1].outputs();
        match output {
            Output::Softmax if !(MIN_CLASSES..=MAX_CLASSES).contains(&outputs) => {
                return fail(Code::SoftmaxClasses, |e| {
                    e.with("min", MIN_CLASSES)
                        .with("max", MAX_CLASSES)
                        .with("n", outputs)
                });
            }
            Output::Linear if outputs != 1 => {
                return fail(Code::LinearOutput, |e| e.with("n", outputs));
            }
            _ => {}
        }
        let activations = (1..layers.len())
            .map(|_| ActivationLayer::new(activation))
            .collect();
        Ok(Network {
            features,
            layers,
            activation,
            output,
            activations,
            loss: LossLayer::new(output),
            us: Vec::new(),
            deltas: Vec::new(),
            dx: Array2::zeros((0, 0)),
            batch: Default::default(),
        })
    }

    /// The spec this network has the shape of.
    pub fn spec(&self) -> NetworkSpec {
        NetworkSpec {
            features: self.features.clone(),
            hidden: self.layers[..self.layers.len() - 1]
                .iter()
                .map(Affine::outputs)
                .collect(),
            activation: self.activation,
            task: self.task(),
        }
    }

    /// The input features, in the order of the first layer's rows.
    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    /// The Affine layers; `layers()[0]` holds the article's W1, b1. Shapes are fixed once
    /// built: change values with [`Network::set_param`].
    pub fn layers(&self) -> &[Affine] {
        &self.layers
    }

    pub fn activation(&self) -> Activation {
        self.activation
    }

    pub fn output(&self) -> Output {
        self.output
    }

    pub fn task(&self) -> Task {
        match self.output {
            Output::Softmax => Task::Classification {
                classes: self.outputs(),
            },
            Output::Linear => Task::Regression,
        }
    }

    pub fn outputs(&self) -> usize {
        self.layers[self.layers.len() - 1].outputs()
    }

    /// Whether every weight and bias is a finite number (false once training diverged).
    pub fn is_finite(&self) -> bool {
        self.layers
            .iter()
            .all(|l| l.w.iter().chain(l.b.iter()).all(|v| v.is_finite()))
    }

    /// The total number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.layers.iter().map(|l| l.w.len() + l.b.len()).sum()
    }

    /// Every parameter's id, layer by layer: weights row by row, then biases.
    pub fn parameter_ids(&self) -> Vec<ParamId> {
        let mut ids = Vec::with_capacity(self.parameter_count());
        for (l, layer) in self.layers.iter().enumerate() {
            let layer_no = l + 1;
            for from in 0..layer.inputs() {
                for to in 0..layer.outputs() {
                    ids.push(ParamId::Weight {
                        layer: layer_no,
                        from,
                        to,
                    });
                }
            }
            for to in 0..layer.outputs() {
                ids.push(ParamId::Bias {
                    layer: layer_no,
                    to,
                });
            }
        }
        ids
    }

    fn slot(&self, id: ParamId) -> Result<(usize, Option<usize>, usize)> {
        let (layer, from, to) = match id {
            ParamId::Weight { layer, from, to } => (layer, Some(from), to),
            ParamId::Bias { layer, to } => (layer, None, to),
        };
        let l = self.layers.get(layer.wrapping_sub(1)).ok_or_else(|| {
            Error::new(Code::NoSuchLayer)
                .with("layer", layer)
                .at_field(id.to_string())
        })?;
        if from.is_some_and(|f| f >= l.inputs()) || to >= l.outputs() {
            return fail(Code::LayerShape, |e| {
                e.with("layer", layer)
                    .with("inputs", l.inputs())
                    .with("outputs", l.outputs())
                    .at_field(id.to_string())
            });
        }
        Ok((layer - 1, from, to))
    }

    /// The index in [`Network::layers`] of the layer `id` belongs to.
    pub(crate) fn layer_of(&self, id: ParamId) -> Result<usize> {
        self.slot(id).map(|(l, _, _)| l)
    }

    /// One parameter's value.
    pub fn param(&self, id: ParamId) -> Result<f64> {
        let (l, from, to) = self.slot(id)?;
        Ok(match from {
            Some(from) => self.layers[l].w[[from, to]],
            None => self.layers[l].b[to],
        })
    }

    /// Sets one parameter; a non-finite value or one beyond ±[`MAX_PARAM`] is rejected and
    /// nothing changes.
    pub fn set_param(&mut self, id: ParamId, value: f64) -> Result<()> {
        check_param(value).map_err(|e| e.at_field(id.to_string()))?;
        let (l, from, to) = self.slot(id)?;
        match from {
            Some(from) => self.layers[l].w[[from, to]] = value,
            None => self.layers[l].b[to] = value,
        }
        Ok(())
    }

    /// Every parameter's value in [`Network::parameter_ids`] order: layer by layer, weights
    /// row by row, then biases.
    pub fn params(&self) -> Vec<f64> {
        self.layers
            .iter()
            .flat_map(|l| l.w.iter().chain(l.b.iter()).copied())
            .collect()
    }

    /// Sets every parameter at once, in [`Network::params`] order. The values are checked
    /// whole first (their number, then each as [`Network::set_param`] does): on error nothing
    /// changes.
    pub fn set_params(&mut self, values: &[f64]) -> Result<()> {
        let count = self.parameter_count();
        if values.len() != count {
            return fail(Code::Values, |e| {
                e.with("want", count).with("found", values.len())
            });
        }
        if let Some((id, Err(e))) = self
            .parameter_ids()
            .into_iter()
            .zip(values)
            .map(|(id, &v)| (id, check_param(v)))
            .find(|(_, r)| r.is_err())
        {
            return Err(e.at_field(id.to_string()));
        }
        let mut rest = values;
        for layer in &mut self.layers {
            for p in layer.w.iter_mut().chain(layer.b.iter_mut()) {
                if let Some((&v, tail)) = rest.split_first() {
                    *p = v;
                    rest = tail;
                }
            }
        }
        Ok(())
    }

    /// The gradient of the last `backward` for one parameter.
    pub fn grad(&self, id: ParamId) -> Result<f64> {
        let (l, from, to) = self.slot(id)?;
        Ok(match from {
            Some(from) => self.layers[l].dw[[from, to]],
            None => self.layers[l].db[to],
        })
    }

    /// Inference: every layer's output for a batch of feature rows (batch × features).
    /// Element `l` is `z_{l+1}` for hidden layers; the last is `y` (probabilities or values).
    pub fn activations(&self, x: &Array2<f64>) -> Vec<Array2<f64>> {
        let mut out = Vec::new();
        self.activations_into(x, &mut out);
        out
    }

    /// [`Network::activations`] into `out`, reusing its matrices when their shapes fit.
    pub fn activations_into(&self, x: &Array2<f64>, out: &mut Vec<Array2<f64>>) {
        self.activations_range(x, out, 0..self.layers.len());
    }

    /// The layers `layers` of [`Network::activations_into`] only: `out[..layers.start]` must
    /// already hold this network's activations of `x` (the first of these layers reads the
    /// last of them), as when only parameters of later layers changed since. The values are
    /// those of a whole pass, bit for bit.
    pub(crate) fn activations_range(
        &self,
        x: &Array2<f64>,
        out: &mut Vec<Array2<f64>>,
        layers: std::ops::Range<usize>,
    ) {
        let n = self.layers.len();
        out.truncate(n);
        while out.len() < n {
            out.push(Array2::zeros((0, 0)));
        }
        for i in layers.start..layers.end.min(n) {
            let layer = &self.layers[i];
            let (done, rest) = out.split_at_mut(i);
            let input = if i == 0 { x } else { &done[i - 1] };
            layer.apply_into(input, &mut rest[0]);
            if i + 1 < n {
                self.activation.apply_inplace(&mut rest[0]);
            } else if self.output == Output::Softmax {
                crate::kernels::softmax::softmax_rows(&mut rest[0]);
            }
        }
    }

    /// Inference: `y` for a batch of feature rows.
    pub fn predict(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut a = self.activations(x);
        a.pop().unwrap_or_default()
    }

    /// Training forward pass on feature rows `x` and targets `t` (batch × outputs), keeping
    /// what backward needs; returns the mean loss.
    pub fn forward(&mut self, x: &Array2<f64>, t: &Array2<f64>) -> f64 {
        self.forward_layers(x);
        let n = self.layers.len();
        self.loss.forward(&self.us[n - 1], t)
    }

    /// [`Network::forward`] without the loss's value (no logarithms): all that `backward`
    /// needs, for training steps.
    pub fn forward_output(&mut self, x: &Array2<f64>, t: &Array2<f64>) {
        self.forward_layers(x);
        let n = self.layers.len();
        self.loss.forward_output(&self.us[n - 1], t);
    }

    fn forward_layers(&mut self, x: &Array2<f64>) {
        let n = self.layers.len();
        self.us.resize_with(n, || Array2::zeros((0, 0)));
        self.layers[0].forward_into(x, &mut self.us[0]);
        for i in 1..n {
            let z = self.activations[i - 1].forward(&self.us[i - 1]);
            self.layers[i].forward_into(z, &mut self.us[i]);
        }
    }

    /// Backward pass after [`Network::forward`]: fills every layer's `dw`, `db` and returns
    /// `dx = ∂L/∂x` (batch × features).
    pub fn backward(&mut self) -> &Array2<f64> {
        self.backward_layers();
        self.layers[0].backward_into(&self.deltas[0], &mut self.dx);
        &self.dx
    }

    /// [`Network::backward`] for a training step: every layer's `dw`, `db`, but not `∂L/∂x`
    /// (the input's gradient, which only the inspector shows). The same `dw`, `db` to the bit.
    pub fn backward_params(&mut self) {
        self.backward_layers();
        self.layers[0].backward_through(&self.deltas[0], None, Activation::Linear);
    }

    /// A training step's gradients on rows `rows` of the feature rows `x` and targets `t`:
    /// every layer's `dw`, `db`, as [`Network::forward_output`] on those rows then
    /// [`Network::backward_params`] give them, in one kernel over the whole batch
    /// ([`crate::kernels::batch`]; the last bits of `dw`, `db` may differ). False if the
    /// kernel does not take this network (nothing is computed then).
    pub fn batch_gradients(&mut self, x: &Array2<f64>, t: &Array2<f64>, rows: &[usize]) -> bool {
        self.batch_step(x, t, rows, None)
    }

    /// [`Network::batch_gradients`], with `update`'s SGD step applied to each weight as soon as
    /// its gradient is made (the `δ` below a layer still sees its old weights: the same step as
    /// [`crate::training::optimizer::Optimizer::step`] after the gradients).
    pub fn batch_step(
        &mut self,
        x: &Array2<f64>,
        t: &Array2<f64>,
        rows: &[usize],
        update: Option<SgdStep>,
    ) -> bool {
        self.batch.run(
            &mut self.layers,
            (self.activation, self.output),
            x,
            t,
            rows,
            update,
        )
    }

    /// The loss's `δ` and every layer's backward above the first; `deltas[0]` is left for
    /// the first layer.
    fn backward_layers(&mut self) {
        let n = self.layers.len();
        self.deltas.resize_with(n, || Array2::zeros((0, 0)));
        self.loss.backward_into(&mut self.deltas[n - 1]);
        for i in (1..n).rev() {
            // δ_{i−1} = (δ_i · W_iᵀ) ⊙ f′(z_{i−1}), in one pass into its reused buffer: the
            // layer's input is z_{i−1}, the activation's output (see
            // `kernels::affine::backward_through`; the same values as the activation layer's
            // `backward_inplace` after `backward_into`).
            let (lower, upper) = self.deltas.split_at_mut(i);
            self.layers[i].backward_through(&upper[0], Some(&mut lower[i - 1]), self.activation);
        }
    }
}

impl crate::display::Forward for Network {
    fn features(&self) -> &[Feature] {
        Network::features(self)
    }
    fn layers(&self) -> &[Affine] {
        Network::layers(self)
    }
    fn activation(&self) -> Activation {
        Network::activation(self)
    }
    fn output(&self) -> Output {
        Network::output(self)
    }
    fn is_finite(&self) -> bool {
        Network::is_finite(self)
    }
    fn outputs(&self) -> usize {
        Network::outputs(self)
    }
    fn activations_into(&self, x: &Array2<f64>, out: &mut Vec<Array2<f64>>) {
        Network::activations_into(self, x, out)
    }
    fn predict(&self, x: &Array2<f64>) -> Array2<f64> {
        Network::predict(self, x)
    }
}
