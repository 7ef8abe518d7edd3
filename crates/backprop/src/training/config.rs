//! What defines a run: the [`Config`] (data set, network shape, seed) and the [`Hyper`]
//! parameters that can change while it trains — with the range and default of every numeric
//! setting, which validation checks and the catalog hands to the page.

use serde::{Deserialize, Serialize};

use crate::data::features::Feature;
use crate::data::sets::{DatasetKind, MAX_POINTS};
use crate::error::{Code, Result, fail};
use crate::layers::activation::Activation;
use crate::training::network::{NetworkSpec, Task};
use crate::training::optimizer::{OptimizerKind, Regularization};

/// A numeric setting: the range [`Setting::min`, `Setting::max`] validation accepts and the
/// default a fresh run takes. The page builds its controls from these (through the catalog).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setting<T> {
    pub min: T,
    pub max: T,
    pub default: T,
}

impl<T: PartialOrd + Copy> Setting<T> {
    /// Whether `v` is within [min, max] (false for NaN).
    pub fn contains(&self, v: T) -> bool {
        self.min <= v && v <= self.max
    }
}

/// The smallest learning rate accepted (a rate of 0 would never learn).
pub const MIN_LEARNING_RATE: f64 = 1e-6;
/// The largest learning rate accepted.
pub const MAX_LEARNING_RATE: f64 = 10.0;
/// The learning rate η: TF Playground's 0.03 to start with.
pub const LEARNING_RATE: Setting<f64> = Setting {
    min: MIN_LEARNING_RATE,
    max: MAX_LEARNING_RATE,
    default: 0.03,
};
/// Rows per update: 1 is pure SGD; a batch at least as large as the training set is
/// full-batch, so no batch needs to exceed the largest set.
pub const BATCH_SIZE: Setting<usize> = Setting {
    min: 1,
    max: crate::data::sets::MAX_POINTS,
    default: 10,
};
/// The weight penalty's rate λ.
pub const REGULARIZATION_RATE: Setting<f64> = Setting {
    min: 0.0,
    max: 10.0,
    default: 0.0,
};

/// Hyper-parameters that can change between steps without resetting the network.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Hyper {
    pub learning_rate: f64,
    /// Rows per update; 1 is pure SGD, anything ≥ the set size is full-batch.
    pub batch_size: usize,
    pub optimizer: OptimizerKind,
    pub regularization: Regularization,
    pub regularization_rate: f64,
}

impl Default for Hyper {
    fn default() -> Self {
        Hyper {
            learning_rate: LEARNING_RATE.default,
            batch_size: BATCH_SIZE.default,
            optimizer: OptimizerKind::Sgd,
            regularization: Regularization::None,
            regularization_rate: REGULARIZATION_RATE.default,
        }
    }
}

impl Hyper {
    pub fn validate(&self) -> Result<()> {
        let lr = self.learning_rate;
        if !(lr.is_finite() && lr > 0.0 && lr <= LEARNING_RATE.max) {
            return fail(Code::LearningRate, |e| {
                e.with("max", LEARNING_RATE.max).with("v", lr)
            });
        }
        if !LEARNING_RATE.contains(lr) {
            return fail(Code::LearningRateMin, |e| {
                e.with("min", format!("{:e}", LEARNING_RATE.min))
                    .with("v", lr)
            });
        }
        if self.batch_size < BATCH_SIZE.min {
            return fail(Code::BatchMin, |e| e.with("min", BATCH_SIZE.min));
        }
        if !BATCH_SIZE.contains(self.batch_size) {
            return fail(Code::BatchMax, |e| {
                e.with("max", BATCH_SIZE.max).with("n", self.batch_size)
            });
        }
        let r = self.regularization_rate;
        if !REGULARIZATION_RATE.contains(r) {
            return fail(Code::RegularizationRate, |e| {
                e.with("min", REGULARIZATION_RATE.min)
                    .with("max", REGULARIZATION_RATE.max)
                    .with("v", r)
            });
        }
        Ok(())
    }
}

/// How many points a generated set has.
pub const POINTS: Setting<usize> = Setting {
    min: 1,
    max: MAX_POINTS,
    default: 500,
};
/// The generators' noise, TF Playground's 0 to 50 %.
pub const NOISE: Setting<f64> = Setting {
    min: 0.0,
    max: 0.5,
    default: 0.0,
};
/// The fraction of the points used for training; the rest is the test set.
pub const TRAIN_RATIO: Setting<f64> = Setting {
    min: 0.1,
    max: 0.9,
    default: 0.5,
};
/// The seed: any 32-bit number.
pub const SEED: Setting<u32> = Setting {
    min: 0,
    max: u32::MAX,
    default: 1,
};

/// Everything that defines a run. Unknown or missing fields take the defaults (TF
/// Playground's start: circle, 2 features, hidden [4, 2], tanh, lr 0.03, batch 10).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    pub dataset: DatasetKind,
    /// See [`POINTS`].
    pub points: usize,
    /// See [`NOISE`].
    pub noise: f64,
    /// See [`TRAIN_RATIO`].
    pub train_ratio: f64,
    pub seed: u32,
    pub features: Vec<Feature>,
    /// The hidden layers' widths (not the input or output layer), as in [`NetworkSpec`].
    pub hidden: Vec<usize>,
    pub activation: Activation,
    #[serde(flatten)]
    pub hyper: Hyper,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dataset: DatasetKind::Circle,
            points: POINTS.default,
            noise: NOISE.default,
            train_ratio: TRAIN_RATIO.default,
            seed: SEED.default,
            features: vec![Feature::X1, Feature::X2],
            hidden: vec![4, 2],
            activation: Activation::Tanh,
            hyper: Hyper::default(),
        }
    }
}

impl Config {
    /// The network this config asks for, for its data set's task.
    pub fn spec(&self) -> NetworkSpec {
        self.spec_for(self.dataset.task())
    }

    pub(crate) fn spec_for(&self, task: Task) -> NetworkSpec {
        NetworkSpec {
            features: self.features.clone(),
            hidden: self.hidden.clone(),
            activation: self.activation,
            task,
        }
    }

    /// Every limit, with a message naming the field.
    pub fn validate(&self) -> Result<()> {
        if !POINTS.contains(self.points) {
            return fail(Code::Points, |e| {
                e.with("min", POINTS.min)
                    .with("max", POINTS.max)
                    .with("n", self.points)
            });
        }
        if !NOISE.contains(self.noise) {
            return fail(Code::Noise, |e| {
                e.with("min", NOISE.min)
                    .with("max", NOISE.max)
                    .with("v", self.noise)
            });
        }
        if !TRAIN_RATIO.contains(self.train_ratio) {
            return fail(Code::TrainRatio, |e| {
                e.with("min", TRAIN_RATIO.min)
                    .with("max", TRAIN_RATIO.max)
                    .with("v", self.train_ratio)
            });
        }
        self.spec().validate()?;
        self.hyper.validate()
    }
}
