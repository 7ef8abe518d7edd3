//! The article's worked example (section 4), defined once: the 2-3-2 network's weights,
//! the sample x = (5, 1) with target t = (0, 1), the learning rate η = 0.01, the 100-step loop
//! and its probe x = (1, 5), and the playground settings that reproduce it (the page's
//! preset). The CLI's `article` command, the binding's `articleExample()` and the tests read
//! these; `tests/fixtures/article-example.json` stays as independent expected data.
//!
//! ```python
//! W1 = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]); b1 = np.array([0.1, 0.2, 0.3])
//! W2 = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]); b2 = np.array([0.1, 0.2])
//! x = np.array([5, 1]); t = np.array([0, 1])
//! ```

use ndarray::{Array1, Array2};

use crate::data::DatasetKind;
use crate::data::features::Feature;
use crate::error::Result;
use crate::layers::activation::Activation;
use crate::layers::affine::Affine;
use crate::training::config::{Config, Hyper};
use crate::training::network::Network;
use crate::training::optimizer::{OptimizerKind, Regularization};

/// The first layer's weights (2 inputs × 3 neurons): `W1[i][j]` joins input i to neuron j.
pub const W1: [[f64; 3]; 2] = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]];
/// The first layer's biases.
pub const B1: [f64; 3] = [0.1, 0.2, 0.3];
/// The output layer's weights (3 neurons × 2 outputs).
pub const W2: [[f64; 2]; 3] = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]];
/// The output layer's biases.
pub const B2: [f64; 2] = [0.1, 0.2];
/// The sample: x = (5, 1).
pub const X: [f64; 2] = [5.0, 1.0];
/// Its one-hot target t = (0, 1).
pub const T: [f64; 2] = [0.0, 1.0];
/// The class index of [`T`].
pub const LABEL: f64 = 1.0;
/// The learning rate η of `W ← W − η·dW`.
pub const LEARNING_RATE: f64 = 0.01;
/// The training loop's length.
pub const STEPS: u32 = 100;
/// The point the trained network is tried on afterwards: x = (1, 5).
pub const PROBE: [f64; 2] = [1.0, 5.0];
/// The inputs are the coordinates themselves.
pub const FEATURES: [Feature; 2] = [Feature::X1, Feature::X2];
/// The hidden layer's activation.
pub const ACTIVATION: Activation = Activation::Relu;
/// The seed of the preset's data set (the weights are the article's, not drawn).
pub const SEED: u32 = 1;

fn matrix<const R: usize, const C: usize>(rows: &[[f64; C]; R]) -> Array2<f64> {
    Array2::from_shape_fn((R, C), |(i, j)| rows[i][j])
}

/// The two Affine layers (W1, b1) and (W2, b2).
pub fn layers() -> Vec<Affine> {
    vec![
        Affine::new(matrix(&W1), Array1::from(B1.to_vec())),
        Affine::new(matrix(&W2), Array1::from(B2.to_vec())),
    ]
}

/// The article's network: x1, x2 → 3 ReLU neurons → softmax over 2 classes.
pub fn network() -> Result<Network> {
    Network::from_layers(
        FEATURES.to_vec(),
        layers(),
        ACTIVATION,
        crate::layers::loss::Output::Softmax,
    )
}

/// The article's update rule: plain gradient descent, one sample per step, η = 0.01.
pub fn hyper() -> Hyper {
    Hyper {
        learning_rate: LEARNING_RATE,
        batch_size: 1,
        optimizer: OptimizerKind::Sgd,
        regularization: Regularization::None,
        regularization_rate: 0.0,
    }
}

/// The playground settings of the article's preset: two gaussian clouds (two classes the
/// 2-3-2 network can separate), features x1, x2, one hidden layer of 3 ReLU neurons and the
/// article's update rule; everything else at its default.
pub fn config() -> Config {
    Config {
        dataset: DatasetKind::Gauss,
        seed: SEED,
        features: FEATURES.to_vec(),
        hidden: vec![B1.len()],
        activation: ACTIVATION,
        hyper: hyper(),
        ..Config::default()
    }
}

/// The weights the article prints after its loop, reproduced as its code computes them: the
/// loop calls `backward(x, t, z1, y)` with the `z1` and `y` of the one forward pass before it,
/// so `δ2 = y − t` is the same in all [`STEPS`] updates (W2 and b2 get the same gradient each
/// time), while `δ1 = δ2·W2ᵀ ⊙ relu′(z1)` reads the W2 updated so far. Gradient descent proper
/// recomputes the forward pass every step (what the playground's `train_sample` does), so its
/// weights differ; this shows where the article's table comes from. Plain loops over the
/// article's fixed sizes (no matrix code is generated for it in the wasm).
pub fn printed_loop() -> Printed {
    let (mut w1, mut b1, mut w2, mut b2) = (W1, B1, W2, B2);
    // The one forward pass: z1 = relu(x·W1 + b1), y = softmax(z1·W2 + b2), δ2 = y − t.
    let mut z1 = [0.0; 3];
    for j in 0..3 {
        z1[j] = (X[0] * W1[0][j] + X[1] * W1[1][j] + B1[j]).max(0.0);
    }
    let mut u2 = B2;
    for j in 0..3 {
        for k in 0..2 {
            u2[k] += z1[j] * W2[j][k];
        }
    }
    // (Two classes: y1 = 1/(1 + e^{u0 − u1}), y0 = 1 − y1.)
    let y1 = 1.0 / (1.0 + (u2[0] - u2[1]).exp());
    let delta2 = [1.0 - y1 - T[0], y1 - T[1]];
    for _ in 0..STEPS {
        // backward(): the gradients from the stale z1 and y, W2 as it is now.
        for j in 0..3 {
            let delta1 = if z1[j] > 0.0 {
                w2[j][0] * delta2[0] + w2[j][1] * delta2[1]
            } else {
                0.0
            };
            for k in 0..2 {
                w2[j][k] -= LEARNING_RATE * z1[j] * delta2[k];
            }
            for i in 0..2 {
                w1[i][j] -= LEARNING_RATE * X[i] * delta1;
            }
            b1[j] -= LEARNING_RATE * delta1;
        }
        for k in 0..2 {
            b2[k] -= LEARNING_RATE * delta2[k];
        }
    }
    // The article's recomputation with those weights on x = (1, 5).
    let mut u2 = b2;
    for j in 0..3 {
        let z = (PROBE[0] * w1[0][j] + PROBE[1] * w1[1][j] + b1[j]).max(0.0);
        for k in 0..2 {
            u2[k] += z * w2[j][k];
        }
    }
    let probe_y1 = 1.0 / (1.0 + (u2[0] - u2[1]).exp());
    Printed {
        w1,
        b1,
        w2,
        b2,
        probe_y: [1.0 - probe_y1, probe_y1],
        probe_u2: u2,
    }
}

/// The article's printed weights after its loop (see [`printed_loop`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Printed {
    pub w1: [[f64; 3]; 2],
    pub b1: [f64; 3],
    pub w2: [[f64; 2]; 3],
    pub b2: [f64; 2],
    /// On x = (1, 5): the output layer's total input u2 and y = softmax(u2).
    pub probe_u2: [f64; 2],
    pub probe_y: [f64; 2],
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The article's table after training, as printed (8 decimals).
    #[test]
    fn the_printed_loop_gives_the_articles_table() {
        let Printed {
            w1,
            b1,
            w2,
            b2,
            probe_u2,
            probe_y,
        } = printed_loop();
        let close = |got: &[f64], want: &[f64], what: &str| {
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < 6e-9, "{what}: {g} vs the article's {w}");
            }
        };
        let flat = |rows: &[&[f64]]| rows.concat();
        close(
            &flat(&[&w1[0], &w1[1]]),
            &[
                0.33765368, 0.6307148, 0.92377592, 0.24753074, 0.46614296, 0.68475518,
            ],
            "W1",
        );
        close(
            &flat(&[&w2[0], &w2[1], &w2[2]]),
            &[
                0.00379451,
                0.49620549,
                -0.05253941,
                0.75253941,
                -0.10887333,
                1.00887333,
            ],
            "W2",
        );
        close(&b1, &[0.14753074, 0.26614296, 0.38475518], "b1");
        close(&b2, &[-0.02025686, 0.32025686], "b2");
        // And its recomputation on x = (1, 5) with those weights.
        let u1: [f64; 3] =
            std::array::from_fn(|j| PROBE[0] * w1[0][j] + PROBE[1] * w1[1][j] + b1[j]);
        close(&u1, &[1.72283809, 3.22757256, 4.73230703], "u1");
        let u2: [f64; 2] =
            std::array::from_fn(|k| (0..3).map(|j| u1[j].max(0.0) * w2[j][k]).sum::<f64>() + b2[k]);
        close(&u2, &[-0.69851633, 8.3783125], "u2");
        let y1 = 1.0 / (1.0 + (u2[0] - u2[1]).exp());
        // (The article's cross_entropy_error takes log(y + 1e-7).)
        close(&[-(y1 + 1e-7).ln()], &[0.00011417690406179714], "L");
        // The same, as printed_loop gives it.
        close(&probe_u2, &[-0.69851633, 8.3783125], "printed_loop's u2");
        close(
            &probe_y,
            &[1.14270386e-04, 9.99885730e-01],
            "printed_loop's y",
        );
    }

    #[test]
    fn the_preset_builds_the_articles_shape() {
        let net = network().unwrap();
        assert_eq!(net.spec(), config().spec());
        assert_eq!(net.spec().widths(), vec![2, 3, 2]);
        config().validate().unwrap();
        assert_eq!(T[LABEL as usize], 1.0);
    }
}
