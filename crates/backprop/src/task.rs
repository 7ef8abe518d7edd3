//! The ground floor: what a network learns ([`Task`]) and the bounds every room checks
//! against (layers, neurons, classes, parameters). Nothing here imports another room.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::{Code, Error, Result, fail};

/// The most hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// The most neurons a hidden layer may have.
pub const MAX_NEURONS: usize = 8;
/// The largest |weight| or |bias| a model file or a slider may set: beyond it products of a
/// few layers overflow f64 to ∞ and softmax would give NaN (training may still go there; that
/// is divergence, and the page pauses on it).
pub const MAX_PARAM: f64 = 1e6;
/// The fewest classes a classification task may have.
pub const MIN_CLASSES: usize = 2;
/// The most classes a classification task may have.
pub const MAX_CLASSES: usize = 8;

/// A weight or bias must be finite and within ±[`MAX_PARAM`]; the error says which rule a
/// value breaks.
pub fn check_param(v: f64) -> Result<()> {
    if !v.is_finite() {
        fail(Code::NotFinite, |e| e.with("v", v))
    } else if v.abs() > MAX_PARAM {
        fail(Code::OutOfRange, |e| {
            e.with("v", crate::error::shown(v))
                .with("max", format!("{MAX_PARAM:e}"))
        })
    } else {
        Ok(())
    }
}

/// What the network learns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Task {
    /// k-class classification: softmax output, cross-entropy loss, labels 0..k−1.
    Classification { classes: usize },
    /// One real-valued output, mean squared error.
    Regression,
}

impl Task {
    pub fn outputs(self) -> usize {
        match self {
            Task::Classification { classes } => classes,
            Task::Regression => 1,
        }
    }

    pub fn validate(self) -> Result<()> {
        match self {
            Task::Classification { classes } if !(MIN_CLASSES..=MAX_CLASSES).contains(&classes) => {
                fail(Code::ClassesRange, |e| {
                    e.with("min", MIN_CLASSES)
                        .with("max", MAX_CLASSES)
                        .with("n", classes)
                })
            }
            _ => Ok(()),
        }
    }
}

impl FromStr for Task {
    type Err = Error;
    /// `regression`, or `classification:K` / a bare class count `K`.
    fn from_str(s: &str) -> Result<Task> {
        if s == "regression" {
            return Ok(Task::Regression);
        }
        let k = s.strip_prefix("classification:").unwrap_or(s);
        let classes: usize = k
            .parse()
            .map_err(|_| Error::new(Code::UnknownTask).with("v", format!("{s:?}")))?;
        let task = Task::Classification { classes };
        task.validate()?;
        Ok(task)
    }
}
