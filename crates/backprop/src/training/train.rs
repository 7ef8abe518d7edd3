//! Training: epochs of shuffled mini-batches, and the metrics learners watch.

use ndarray::Array2;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::data::features::transform;
use crate::data::sets::Dataset;
use crate::error::Result;
use crate::kernels;
use crate::layers::loss::argmax_rows;
use crate::rng::Rng64;
use crate::training::config::Hyper;
use crate::training::network::{Network, Task};
use crate::training::optimizer::Optimizer;

/// A data set made ready for a network: feature rows, target rows and the raw labels.
#[derive(Clone, Debug)]
pub struct Samples {
    /// (rows × features)
    pub x: Array2<f64>,
    /// (rows × outputs): one-hot class rows, or the value.
    pub t: Array2<f64>,
    pub labels: Vec<f64>,
}

impl Samples {
    /// Computes the network's features and the targets for the task. Labels are assumed
    /// valid for the task (see [`Dataset::validate`]); a class index out of range gets an
    /// all-zero target row rather than a panic.
    pub fn new(network: &Network, data: &Dataset) -> Samples {
        let x = transform(network.features(), &data.points);
        let t = targets(network.task(), &data.labels);
        Samples {
            x,
            t,
            labels: data.labels.clone(),
        }
    }

    pub fn len(&self) -> usize {
        self.x.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Target rows for labels: one-hot (rows × k) for classification, (rows × 1) for regression.
pub fn targets(task: Task, labels: &[f64]) -> Array2<f64> {
    match task {
        Task::Classification { classes } => {
            let mut t = Array2::zeros((labels.len(), classes));
            for (i, &l) in labels.iter().enumerate() {
                if l >= 0.0 && (l as usize) < classes {
                    t[[i, l as usize]] = 1.0;
                }
            }
            t
        }
        Task::Regression => Array2::from_shape_fn((labels.len(), 1), |(i, _)| labels[i]),
    }
}

/// Loss and (for classification) accuracy on a set of samples.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Mean loss without the weight penalty; NaN for an empty set.
    pub loss: f64,
    /// Fraction of rows whose most probable class is the label; `None` for regression.
    pub accuracy: Option<f64>,
}

/// Evaluates `network` on `samples` (inference only, nothing cached).
pub fn evaluate(network: &Network, samples: &Samples) -> Metrics {
    let task = network.task();
    let accuracy = |n: usize| match task {
        Task::Classification { .. } => Some(n as f64),
        Task::Regression => None,
    };
    if samples.is_empty() {
        return Metrics {
            loss: f64::NAN,
            accuracy: accuracy(0).map(|_| f64::NAN),
        };
    }
    let y = network.predict(&samples.x);
    let loss = network.output().loss_of(&y, &samples.t);
    let correct = argmax_rows(&y)
        .into_iter()
        .zip(&samples.labels)
        .filter(|&(p, &l)| p as f64 == l)
        .count();
    Metrics {
        loss,
        accuracy: accuracy(correct).map(|c| c / samples.len() as f64),
    }
}

/// A network with its optimizer, hyper-parameters, shuffling RNG and epoch count.
#[derive(Clone, Debug)]
pub struct Trainer {
    pub network: Network,
    hyper: Hyper,
    optimizer: Optimizer,
    rng: Rng64,
    epoch: u64,
    order: Vec<usize>,
    /// Where the current epoch stands in `order` when it is trained batch by batch
    /// ([`Trainer::train_batch`]); 0 when the next step starts a new epoch.
    cursor: usize,
    /// The mini-batch's rows (x, t), reused between steps.
    batch: (Array2<f64>, Array2<f64>),
}

impl Trainer {
    /// Fails if the hyper-parameters are out of range.
    pub fn new(network: Network, hyper: Hyper, rng: Rng64) -> Result<Trainer> {
        hyper.validate()?;
        Ok(Trainer {
            network,
            hyper,
            optimizer: Optimizer::new(hyper.optimizer),
            rng,
            epoch: 0,
            order: Vec::new(),
            cursor: 0,
            batch: (Array2::zeros((0, 0)), Array2::zeros((0, 0))),
        })
    }

    pub fn hyper(&self) -> Hyper {
        self.hyper
    }

    /// Changes hyper-parameters live: the weights stay; a different optimizer starts with
    /// fresh moments. Invalid values are rejected and nothing changes.
    pub fn set_hyper(&mut self, hyper: Hyper) -> Result<()> {
        hyper.validate()?;
        if hyper.optimizer != self.hyper.optimizer {
            self.optimizer = Optimizer::new(hyper.optimizer);
        }
        self.hyper = hyper;
        Ok(())
    }

    /// Epochs completed so far.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Counts `n` passes made outside [`Trainer::train_epoch`] (the article's loop: each of its
    /// steps is one pass over its one-sample data set).
    pub fn count_epochs(&mut self, n: u64) {
        self.epoch += n;
    }

    /// Sets the epoch count (a saved run restored); the next epoch starts afresh.
    pub fn set_epoch(&mut self, epoch: u64) {
        self.epoch = epoch;
        self.cursor = 0;
    }

    /// Clears the optimizer's moments, e.g. after weights were edited by hand.
    pub fn reset_optimizer(&mut self) {
        self.optimizer.reset();
    }

    /// One gradient step on a batch (rows × features, rows × outputs); returns the batch
    /// loss before the step.
    pub fn step_batch(&mut self, x: &Array2<f64>, t: &Array2<f64>) -> f64 {
        let loss = self.network.forward(x, t);
        self.update();
        loss
    }

    /// Backward and one optimizer step after a forward pass.
    fn update(&mut self) {
        self.network.backward_params();
        self.optimize();
    }

    /// One optimizer step with the gradients the network holds.
    fn optimize(&mut self) {
        let h = self.hyper;
        self.optimizer.step(
            &mut self.network.layers,
            h.learning_rate,
            h.regularization,
            h.regularization_rate,
        );
    }

    /// One epoch: reshuffle, then one update per mini-batch of `batch_size` rows; the last,
    /// smaller batch is an update of its own. The batch losses are not computed (their logs
    /// cost a tenth of an epoch; [`evaluate`] measures the loss when it is wanted). Returns
    /// whether every weight is still finite — false means training diverged.
    pub fn train_epoch(&mut self, train: &Samples) -> bool {
        let n = train.len();
        if self.cursor > 0 && self.order.len() == n {
            // An epoch begun batch by batch: finish it.
            let start = std::mem::take(&mut self.cursor);
            return self.train_rows(train, start);
        }
        self.cursor = 0;
        self.epoch += 1;
        if n == 0 {
            return self.network.is_finite();
        }
        if self.order.len() != n {
            self.order = (0..n).collect();
        }
        self.order.shuffle(&mut self.rng);
        self.train_rows(train, 0)
    }

    /// One mini-batch step (slow motion): the next batch of the current epoch, a new shuffled
    /// epoch when the last one is done. Returns the rows of `train` in the batch (empty when
    /// there is no training data) and whether every weight is still finite.
    pub fn train_batch(&mut self, train: &Samples) -> (Vec<usize>, bool) {
        let n = train.len();
        if n == 0 {
            return (Vec::new(), self.network.is_finite());
        }
        if self.cursor == 0 || self.order.len() != n {
            self.epoch += 1;
            if self.order.len() != n {
                self.order = (0..n).collect();
            }
            self.order.shuffle(&mut self.rng);
            self.cursor = 0;
        }
        let end = (self.cursor + self.hyper.batch_size.min(n)).min(n);
        let rows = self.order[self.cursor..end].to_vec();
        self.step_rows(train, &rows);
        self.cursor = if end == n { 0 } else { end };
        (rows, self.network.is_finite())
    }

    /// The position in the current epoch: (batches done, batches per epoch) for `n` rows.
    pub fn batch_position(&self, n: usize) -> (usize, usize) {
        let size = self.hyper.batch_size.min(n).max(1);
        (self.cursor.div_ceil(size), n.div_ceil(size))
    }

    /// Trains the batches of the current `order` from row `start` to its end.
    fn train_rows(&mut self, train: &Samples, start: usize) -> bool {
        let n = train.len();
        let order = std::mem::take(&mut self.order);
        for chunk in order[start..].chunks(self.hyper.batch_size.min(n)) {
            self.step_rows(train, chunk);
        }
        self.order = order;
        self.network.is_finite()
    }

    /// One update on the rows `rows` of `train`: the whole-batch kernel's gradients where it
    /// takes the network, else the layers' forward and backward on the gathered rows.
    pub fn step_rows(&mut self, train: &Samples, rows: &[usize]) {
        let h = self.hyper;
        // Plain SGD is applied by the kernel, layer by layer, as its gradients are made.
        let sgd =
            self.optimizer
                .plain_sgd(h.learning_rate, h.regularization, h.regularization_rate);
        if self.network.batch_step(&train.x, &train.t, rows, sgd) {
            if sgd.is_none() {
                self.optimize();
            }
            return;
        }
        let (mut xb, mut tb) = std::mem::take(&mut self.batch);
        kernels::rows::gather(&train.x, rows, &mut xb);
        kernels::rows::gather(&train.t, rows, &mut tb);
        self.network.forward_output(&xb, &tb);
        self.update();
        self.batch = (xb, tb);
    }
}
