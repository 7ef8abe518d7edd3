//! Every number the page's lesson shows, computed here from the article's example
//! ([`crate::article`]): the forward and backward pass on x = (5, 1) (with the loss both exact
//! and as the article's code takes it, `log(y + 1e-7)`), one update, the article's 100-step
//! table and what plain gradient descent gives instead, the recomputation on x = (1, 5), the
//! Softmax-with-Loss algebra (§3.3.2) term by term, the Sigmoid layer opened into its nodes
//! (§3.2.1) and a sample on which a ReLU unit is off (§3.2.2). The page only lays them out.

use serde::Serialize;

use crate::article;
use crate::error::Result;
use crate::files::model::LayerFile;
use crate::inspect::primitives::{PrimitiveTrace, primitive_trace};
use crate::inspect::trace::{Trace, trace};
use crate::layers::activation::Activation;
use crate::layers::loss::Output;
use crate::training::network::Network;

/// A sample on which the article's first hidden unit is off: u1 = (−0.2, 0.1, 0.4) with the
/// article's weights, so ReLU passes 0 forward and 0 back for that unit (§3.2.2).
pub const RELU_OFF: [f64; 2] = [5.0, -4.0];

/// The article's code adds 1e-7 inside the logarithm (`cross_entropy_error`).
pub const LOG_EPSILON: f64 = 1e-7;

/// One sample through one network: the layer-level trace, the graph opened into nodes, the
/// loss as the article's code prints it and the sum of the outputs.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pass {
    pub point: [f64; 2],
    pub trace: Trace,
    pub graph: PrimitiveTrace,
    /// `−log(y_label + 1e-7)`, the article's printed loss.
    pub loss_printed: f64,
    /// Σ y (the article prints 出力合計).
    pub sum_y: f64,
}

fn pass(net: &Network, point: [f64; 2]) -> Pass {
    let tr = trace(net, point, article::LABEL);
    let graph = primitive_trace(net, point, article::LABEL);
    let label = article::LABEL as usize;
    Pass {
        point,
        loss_printed: -(tr.y[label] + LOG_EPSILON).ln(),
        sum_y: tr.y.iter().sum(),
        trace: tr,
        graph,
    }
}

/// Softmax-with-Loss backward term by term (§3.3.2), for u = the output layer's u and t.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftmaxAlgebra {
    pub u: Vec<f64>,
    pub t: Vec<f64>,
    /// `e_k = exp(u_k)`.
    pub e: Vec<f64>,
    /// `S = Σ e_k`.
    pub s: f64,
    /// `y_k = e_k / S`.
    pub y: Vec<f64>,
    /// What the log node passes back: `∂L/∂y_k = −t_k / y_k`.
    pub dy: Vec<f64>,
    /// The × node's gradient towards 1/S from each k: `−t_k/y_k · e_k = −t_k·S`.
    pub minus_t_s: Vec<f64>,
    /// Σ t_k (1 for a one-hot or probability target).
    pub sum_t: f64,
    /// Through 1/x: `−(Σ t_k)·S · (−1/S²) = Σt/S`, which is 1/S.
    pub d_s: f64,
    /// 1/S.
    pub inv_s: f64,
    /// e_k's branch through the addition node Σ: 1/S each.
    pub branch_sum: Vec<f64>,
    /// e_k's branch through the × node: `−t_k/y_k · (1/S) = −t_k/e_k`.
    pub branch_mul: Vec<f64>,
    /// Their sum at e_k: `1/S − t_k/e_k`.
    pub de: Vec<f64>,
    /// Times exp's own derivative e_k: `y_k − t_k`.
    pub du: Vec<f64>,
}

/// The algebra of §3.3.2 on the numbers of `u` and `t` (computed without the max shift: the
/// lesson's u are small).
pub fn softmax_algebra(u: &[f64], t: &[f64]) -> SoftmaxAlgebra {
    let e: Vec<f64> = u.iter().map(|v| v.exp()).collect();
    let s: f64 = e.iter().sum();
    let y: Vec<f64> = e.iter().map(|v| v / s).collect();
    let dy: Vec<f64> = t.iter().zip(&y).map(|(t, y)| -t / y).collect();
    let minus_t_s: Vec<f64> = dy.iter().zip(&e).map(|(d, e)| d * e).collect();
    let sum_t: f64 = t.iter().sum();
    let d_s = minus_t_s.iter().sum::<f64>() * (-1.0 / (s * s));
    let branch_sum = vec![d_s; e.len()];
    let branch_mul: Vec<f64> = dy.iter().map(|d| d / s).collect();
    let de: Vec<f64> = branch_sum
        .iter()
        .zip(&branch_mul)
        .map(|(a, b)| a + b)
        .collect();
    let du: Vec<f64> = de.iter().zip(&e).map(|(d, e)| d * e).collect();
    SoftmaxAlgebra {
        u: u.to_vec(),
        t: t.to_vec(),
        e,
        s,
        y,
        dy,
        minus_t_s,
        sum_t,
        d_s,
        inv_s: 1.0 / s,
        branch_sum,
        branch_mul,
        de,
        du,
    }
}

/// Everything the lesson prints (see the module's doc).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lesson {
    pub x: [f64; 2],
    pub t: [f64; 2],
    pub label: f64,
    pub learning_rate: f64,
    pub steps: u32,
    pub probe: [f64; 2],
    /// The article's initial weights.
    pub weights: Vec<LayerFile>,
    /// §4: the sample x = (5, 1) on the initial weights.
    pub sample: Pass,
    /// One update `W ← W − η·dW` from it.
    pub updated: Vec<LayerFile>,
    /// The weights the article prints after its loop (it reuses the first forward pass).
    pub printed: Vec<LayerFile>,
    /// x = (1, 5) with the printed weights (the article's recomputation).
    pub probe_pass: Pass,
    /// Plain gradient descent instead: 100 updates each after a fresh forward pass.
    pub descent: Vec<LayerFile>,
    /// x = (5, 1) after plain gradient descent.
    pub descent_sample: Pass,
    /// x = (1, 5) after plain gradient descent.
    pub descent_probe: Pass,
    /// §3.3.2 on the sample's output layer.
    pub softmax: SoftmaxAlgebra,
    /// §3.2.1: the same weights with Sigmoid in the hidden layer, on x = (5, 1).
    pub sigmoid: Pass,
    /// §3.2.2: x = (5, −4), a unit off.
    pub relu_off: Pass,
}

fn flat(layers: &[LayerFile]) -> Vec<f64> {
    layers
        .iter()
        .flat_map(|l| l.weights.iter().flatten().chain(&l.bias).copied())
        .collect()
}

/// The lesson's numbers.
pub fn lesson() -> Result<Lesson> {
    let net = article::network()?;
    let sample = pass(&net, article::X);
    let updated = sample.trace.updated(&net, article::LEARNING_RATE);
    let p = article::printed_loop();
    let printed = vec![
        LayerFile {
            weights: p.w1.iter().map(|r| r.to_vec()).collect(),
            bias: p.b1.to_vec(),
        },
        LayerFile {
            weights: p.w2.iter().map(|r| r.to_vec()).collect(),
            bias: p.b2.to_vec(),
        },
    ];
    let mut printed_net = net.clone();
    printed_net.set_params(&flat(&printed))?;
    let probe_pass = pass(&printed_net, article::PROBE);
    // Gradient descent proper: a forward pass before every update.
    let mut gd = net.clone();
    for _ in 0..article::STEPS {
        let step = trace(&gd, article::X, article::LABEL).updated(&gd, article::LEARNING_RATE);
        gd.set_params(&flat(&step))?;
    }
    let descent = gd.to_model().layers;
    let softmax = softmax_algebra(&sample.trace.layers[1].u, &sample.trace.t);
    let sigmoid_net = Network::from_layers(
        article::FEATURES.to_vec(),
        article::layers(),
        Activation::Sigmoid,
        Output::Softmax,
    )?;
    Ok(Lesson {
        x: article::X,
        t: article::T,
        label: article::LABEL,
        learning_rate: article::LEARNING_RATE,
        steps: article::STEPS,
        probe: article::PROBE,
        weights: net.to_model().layers,
        updated,
        printed,
        probe_pass,
        descent_sample: pass(&gd, article::X),
        descent_probe: pass(&gd, article::PROBE),
        descent,
        softmax,
        sigmoid: pass(&sigmoid_net, article::X),
        relu_off: pass(&net, RELU_OFF),
        sample,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, what: &str) {
        assert!((got - want).abs() < 6e-9, "{what}: {got} vs {want}");
    }

    #[test]
    fn the_lesson_prints_the_articles_numbers() {
        let l = lesson().unwrap();
        close(
            l.sample.loss_printed,
            0.12812518961618194,
            "loss as printed",
        );
        close(l.sample.trace.loss, 0.12812530328571797, "exact loss");
        close(l.sample.sum_y, 1.0, "Σy");
        close(
            l.probe_pass.loss_printed,
            0.00011417690406179714,
            "probe loss",
        );
        let u2 = &l.probe_pass.trace.layers[1].u;
        close(u2[0], -0.69851633, "probe u2[0]");
        close(l.printed[1].bias[0], -0.02025686, "b2 printed");
        // Gradient descent proper ends elsewhere than the article's table.
        assert!((l.descent[1].bias[0] - l.printed[1].bias[0]).abs() > 1e-3);
        assert!(l.descent_sample.trace.loss < l.sample.trace.loss);
    }

    #[test]
    fn the_softmax_algebra_ends_in_y_minus_t() {
        let l = lesson().unwrap();
        let a = &l.softmax;
        for k in 0..2 {
            close(a.du[k], a.y[k] - a.t[k], "y − t");
            close(a.minus_t_s[k], -a.t[k] * a.s, "−t·S");
            close(a.du[k], l.sample.trace.layers[1].delta[k], "δ2");
        }
        close(a.d_s, a.inv_s, "Σt/S = 1/S");
    }

    #[test]
    fn a_relu_unit_is_off_on_its_sample() {
        let l = lesson().unwrap();
        let first = &l.relu_off.trace.layers[0];
        assert!(first.u[0] < 0.0 && first.u[1] > 0.0 && first.u[2] > 0.0);
        assert_eq!(first.z[0], 0.0);
        assert_eq!(first.delta[0], 0.0);
        assert!(first.delta[1] != 0.0);
    }

    #[test]
    fn sigmoid_backward_is_z_one_minus_z() {
        let l = lesson().unwrap();
        let h = &l.sigmoid.trace.layers[0];
        for j in 0..3 {
            close(h.delta[j], h.dz[j] * h.z[j] * (1.0 - h.z[j]), "z(1 − z)");
        }
    }
}
