//! The catalog: every limit, choice, range and default a front end shows, read from the
//! constants the core validates with — so that the page restates none of them.
//!
//! Serialized (camelCase) it is the binding's `Playground.catalog()`:
//! `{limits, inputSquare, datasets, features, activations, optimizers, regularizations,
//! settings, defaults}`.

use serde::Serialize;

use crate::data::features::Feature;
use crate::data::sets::{DatasetKind, EXTENT, MAX_POINTS};
use crate::display::grid::MAX_GRID;
use crate::files::csv::MAX_CSV_ROWS;
use crate::files::model::MAX_MODEL_BYTES;
use crate::layers::activation::Activation;
use crate::training::config::{
    BATCH_SIZE, Config, LEARNING_RATE, NOISE, POINTS, REGULARIZATION_RATE, SEED, Setting,
    TRAIN_RATIO,
};
use crate::training::network::{
    MAX_CLASSES, MAX_HIDDEN_LAYERS, MAX_NEURONS, MAX_PARAM, MIN_CLASSES, Task,
};
use crate::training::optimizer::{OptimizerKind, Regularization};
use crate::training::session::{MAX_EPOCHS_PER_CALL, MAX_HISTORY};

/// The limits the core enforces.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub max_hidden_layers: usize,
    pub max_neurons: usize,
    /// The largest |weight| or |bias| a model file or a slider may set.
    pub max_param: f64,
    pub max_points: usize,
    pub min_classes: usize,
    pub max_classes: usize,
    /// The most cells per side of a grid evaluation.
    pub max_grid: usize,
    pub max_epochs_per_call: u32,
    pub max_history: usize,
    pub max_model_bytes: usize,
    pub max_csv_rows: usize,
}

/// An interval of the input plane: the data and the decision boundary lie in
/// [min, max]².
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interval {
    pub min: f64,
    pub max: f64,
}

/// A built-in data set and its task.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatasetEntry {
    pub id: &'static str,
    /// The number of classes; 0 for regression.
    pub classes: usize,
}

/// A numeric setting as a front end shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    pub default: f64,
    /// Whether only whole numbers are valid.
    pub integer: bool,
}

impl Range {
    fn integer<T: Copy + Into<f64>>(s: Setting<T>) -> Range {
        Range {
            min: s.min.into(),
            max: s.max.into(),
            default: s.default.into(),
            integer: true,
        }
    }

    fn count(s: Setting<usize>) -> Range {
        Range {
            min: s.min as f64,
            max: s.max as f64,
            default: s.default as f64,
            integer: true,
        }
    }

    fn real(s: Setting<f64>) -> Range {
        Range {
            min: s.min,
            max: s.max,
            default: s.default,
            integer: false,
        }
    }
}

/// The range and default of every numeric setting of a [`Config`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub points: Range,
    pub noise: Range,
    pub train_ratio: Range,
    pub seed: Range,
    pub learning_rate: Range,
    pub batch_size: Range,
    pub regularization_rate: Range,
}

/// Everything a front end needs to know to offer only what the core accepts.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub limits: Limits,
    pub input_square: Interval,
    /// In the core's order.
    pub datasets: Vec<DatasetEntry>,
    pub features: Vec<&'static str>,
    pub activations: Vec<&'static str>,
    pub optimizers: Vec<&'static str>,
    pub regularizations: Vec<&'static str>,
    pub settings: Settings,
    /// The default config, shaped as a config is everywhere (camelCase, hyper-parameters
    /// flattened in).
    pub defaults: Config,
}

/// The catalog of this build of the core.
pub fn catalog() -> Catalog {
    Catalog {
        limits: Limits {
            max_hidden_layers: MAX_HIDDEN_LAYERS,
            max_neurons: MAX_NEURONS,
            max_param: MAX_PARAM,
            max_points: MAX_POINTS,
            min_classes: MIN_CLASSES,
            max_classes: MAX_CLASSES,
            max_grid: MAX_GRID,
            max_epochs_per_call: MAX_EPOCHS_PER_CALL,
            max_history: MAX_HISTORY,
            max_model_bytes: MAX_MODEL_BYTES,
            max_csv_rows: MAX_CSV_ROWS,
        },
        input_square: Interval {
            min: -EXTENT,
            max: EXTENT,
        },
        datasets: DatasetKind::ALL
            .iter()
            .map(|d| DatasetEntry {
                id: d.name(),
                classes: match d.task() {
                    Task::Classification { classes } => classes,
                    Task::Regression => 0,
                },
            })
            .collect(),
        features: Feature::ALL.iter().map(|f| f.name()).collect(),
        activations: Activation::ALL.iter().map(|a| a.name()).collect(),
        optimizers: OptimizerKind::ALL.iter().map(|o| o.name()).collect(),
        regularizations: Regularization::ALL.iter().map(|r| r.name()).collect(),
        settings: Settings {
            points: Range::count(POINTS),
            noise: Range::real(NOISE),
            train_ratio: Range::real(TRAIN_RATIO),
            seed: Range::integer(SEED),
            learning_rate: Range::real(LEARNING_RATE),
            batch_size: Range::count(BATCH_SIZE),
            regularization_rate: Range::real(REGULARIZATION_RATE),
        },
        defaults: Config::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_within_their_ranges_and_valid() {
        let c = catalog();
        c.defaults.validate().unwrap();
        let s = &c.settings;
        for r in [
            &s.points,
            &s.noise,
            &s.train_ratio,
            &s.seed,
            &s.learning_rate,
            &s.batch_size,
            &s.regularization_rate,
        ] {
            assert!(r.min <= r.default && r.default <= r.max, "{r:?}");
        }
        assert_eq!(c.datasets.len(), DatasetKind::ALL.len());
        assert_eq!(c.datasets[0].id, "circle");
        assert_eq!(c.regularizations, ["none", "l1", "l2"]);
    }

    #[test]
    fn the_ends_of_every_range_are_valid_and_beyond_them_not() {
        let base = Config::default();
        let with = |f: &dyn Fn(&mut Config)| {
            let mut c = base.clone();
            f(&mut c);
            c.validate()
        };
        assert!(with(&|c| c.points = POINTS.max).is_ok());
        assert!(with(&|c| c.points = POINTS.max + 1).is_err());
        assert!(with(&|c| c.points = POINTS.min - 1).is_err());
        assert!(with(&|c| c.noise = NOISE.max).is_ok());
        assert!(with(&|c| c.noise = NOISE.max + 1e-9).is_err());
        assert!(with(&|c| c.train_ratio = TRAIN_RATIO.min).is_ok());
        assert!(with(&|c| c.train_ratio = TRAIN_RATIO.min - 1e-9).is_err());
        assert!(with(&|c| c.seed = SEED.max).is_ok());
        assert!(with(&|c| c.hyper.learning_rate = LEARNING_RATE.min).is_ok());
        assert!(with(&|c| c.hyper.learning_rate = LEARNING_RATE.min / 2.0).is_err());
        assert!(with(&|c| c.hyper.learning_rate = LEARNING_RATE.max).is_ok());
        assert!(with(&|c| c.hyper.batch_size = BATCH_SIZE.max).is_ok());
        assert!(with(&|c| c.hyper.batch_size = BATCH_SIZE.max + 1).is_err());
        assert!(with(&|c| c.hyper.regularization_rate = REGULARIZATION_RATE.max).is_ok());
        assert!(with(&|c| c.hyper.regularization_rate = -1e-9).is_err());
        assert!(with(&|c| c.hidden = vec![MAX_NEURONS; MAX_HIDDEN_LAYERS]).is_ok());
        assert!(with(&|c| c.hidden = vec![1; MAX_HIDDEN_LAYERS + 1]).is_err());
    }
}
