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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preset_builds_the_articles_shape() {
        let net = network().unwrap();
        assert_eq!(net.spec(), config().spec());
        assert_eq!(net.spec().widths(), vec![2, 3, 2]);
        config().validate().unwrap();
        assert_eq!(T[LABEL as usize], 1.0);
    }
}
