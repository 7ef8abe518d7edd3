//! One sample through the network, every value and gradient kept: the article's printout
//! (u1, z1, u2, y, loss, delta2, dW2, db2, delta1, dW1, db1) for any network.

use ndarray::{Array1, Array2};
use serde::Serialize;

use crate::data::features::transform;
use crate::training::network::Network;
use crate::training::train::targets;

/// One Affine layer `l` (1-based in names) and what follows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerTrace {
    /// The layer's input: the features for layer 1, else the previous layer's `z`.
    pub input: Vec<f64>,
    /// `u = input·W + b`.
    pub u: Vec<f64>,
    /// The activation's output `z = f(u)`; for the last layer, `y`.
    pub z: Vec<f64>,
    /// `∂L/∂z` (for the last layer: not defined separately, empty; its δ is `y − t`).
    pub dz: Vec<f64>,
    /// `δ = ∂L/∂u`.
    pub delta: Vec<f64>,
    /// `dW = inputᵀ·δ` (inputs × outputs).
    pub dw: Vec<Vec<f64>>,
    /// `db = δ`.
    pub db: Vec<f64>,
}

/// A whole forward and backward pass for one sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trace {
    pub point: [f64; 2],
    /// The feature vector fed to layer 1.
    pub x: Vec<f64>,
    /// The target row (one-hot, or the value).
    pub t: Vec<f64>,
    pub layers: Vec<LayerTrace>,
    /// The output (probabilities or value).
    pub y: Vec<f64>,
    pub loss: f64,
    /// `∂L/∂x`, the gradient reaching the features.
    pub dx: Vec<f64>,
}

fn row(a: &Array2<f64>) -> Vec<f64> {
    a.iter().copied().collect()
}

fn vec1(a: &Array1<f64>) -> Vec<f64> {
    a.to_vec()
}

/// Traces `point` with `label` (class index or value) through `network`, which is left
/// untouched.
pub fn trace(network: &Network, point: [f64; 2], label: f64) -> Trace {
    let mut net = network.clone();
    let x = transform(net.features(), &[point]);
    let t = targets(net.task(), &[label]);
    let loss = net.forward(&x, &t);
    let dx = net.backward().clone();
    let layers = net.layers();
    let acts = net.activations(&x);
    let mut out = Vec::with_capacity(layers.len());
    for (l, layer) in layers.iter().enumerate() {
        let input = if l == 0 {
            x.clone()
        } else {
            acts[l - 1].clone()
        };
        let u = layer.apply(&input);
        // For one sample db = Σ_rows δ = δ.
        let delta = vec1(&layer.db);
        // ∂L/∂z = δ_next·W_nextᵀ: input i's row of W_next against δ_next.
        let dz = match layers.get(l + 1) {
            Some(next) => next
                .w
                .rows()
                .into_iter()
                .map(|w| w.iter().zip(&next.db).fold(0.0, |s, (w, d)| s + d * w))
                .collect(),
            None => Vec::new(),
        };
        out.push(LayerTrace {
            input: row(&input),
            u: row(&u),
            z: row(&acts[l]),
            dz,
            delta,
            dw: layer.dw.rows().into_iter().map(|r| r.to_vec()).collect(),
            db: vec1(&layer.db),
        });
    }
    Trace {
        point,
        x: row(&x),
        t: row(&t),
        y: row(&acts[acts.len() - 1]),
        layers: out,
        loss,
        dx: row(&dx),
    }
}

impl Trace {
    /// The article's update for this one sample, `W ← W − η·dW` and `b ← b − η·db`, applied to
    /// `network`'s current weights (which stay untouched): what the inspector's *Update* step
    /// shows as "after".
    pub fn updated(&self, network: &Network, lr: f64) -> Vec<crate::files::model::LayerFile> {
        network
            .layers()
            .iter()
            .zip(&self.layers)
            .map(|(layer, t)| crate::files::model::LayerFile {
                weights: layer
                    .w
                    .rows()
                    .into_iter()
                    .zip(&t.dw)
                    .map(|(w, dw)| w.iter().zip(dw).map(|(w, g)| w - lr * g).collect())
                    .collect(),
                bias: layer.b.iter().zip(&t.db).map(|(b, g)| b - lr * g).collect(),
            })
            .collect()
    }
}
