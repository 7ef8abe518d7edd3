//! A whole playground run: generated data, the train/test split, the network and its
//! trainer, and the loss history — everything a front end (the page, the CLI) drives.
//! The seed fixes the data, the split, the initial weights and the shuffling, each from
//! its own stream, so changing the batch size does not change the data.

use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::Rng64;
use crate::activation::Activation;
use crate::data::{Dataset, DatasetKind, MAX_POINTS};
use crate::error::{Result, invalid};
use crate::features::Feature;
use crate::network::{Network, NetworkSpec, Task};
use crate::train::{Hyper, Metrics, Samples, Trainer, evaluate};

/// The most entries the metrics history keeps (see [`Session::history`]).
pub const MAX_HISTORY: usize = 1024;

/// The RNG streams derived from one seed.
#[derive(Clone, Copy)]
#[repr(u64)]
pub enum Stream {
    Data = 1,
    Split = 2,
    Init = 3,
    Shuffle = 4,
}

/// A seeded RNG with a fixed algorithm (PCG), the same on wasm32 and 64-bit hosts.
pub fn rng_for(seed: u32, stream: Stream) -> Rng64 {
    Rng64::seed_from_u64(((seed as u64) << 8) | stream as u64)
}

/// Everything that defines a run. Unknown or missing fields take the defaults (TF
/// Playground's start: circle, 2 features, hidden [4, 2], tanh, lr 0.03, batch 10).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    pub dataset: DatasetKind,
    pub points: usize,
    /// 0 to 0.5.
    pub noise: f64,
    /// Fraction of points used for training, 0.1 to 0.9.
    pub train_ratio: f64,
    pub seed: u32,
    pub features: Vec<Feature>,
    pub hidden: Vec<usize>,
    pub activation: Activation,
    #[serde(flatten)]
    pub hyper: Hyper,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dataset: DatasetKind::Circle,
            points: 500,
            noise: 0.0,
            train_ratio: 0.5,
            seed: 1,
            features: vec![Feature::X1, Feature::X2],
            hidden: vec![4, 2],
            activation: Activation::Tanh,
            hyper: Hyper::default(),
        }
    }
}

impl Config {
    pub fn spec(&self) -> NetworkSpec {
        NetworkSpec {
            features: self.features.clone(),
            hidden: self.hidden.clone(),
            activation: self.activation,
            task: self.dataset.task(),
        }
    }

    /// Every limit, with a message naming the field.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_POINTS).contains(&self.points) {
            return invalid(format!(
                "points must be 1 to {MAX_POINTS}, got {}",
                self.points
            ));
        }
        if !(self.noise.is_finite() && (0.0..=0.5).contains(&self.noise)) {
            return invalid(format!("noise must be in [0, 0.5], got {}", self.noise));
        }
        if !(self.train_ratio.is_finite() && (0.1..=0.9).contains(&self.train_ratio)) {
            return invalid(format!(
                "train ratio must be in [0.1, 0.9], got {}",
                self.train_ratio
            ));
        }
        self.spec().validate()?;
        self.hyper.validate()
    }
}

/// Metrics after an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochMetrics {
    pub epoch: u64,
    pub train: Metrics,
    pub test: Metrics,
}

/// A run in progress.
#[derive(Clone, Debug)]
pub struct Session {
    config: Config,
    train: Dataset,
    test: Dataset,
    train_samples: Samples,
    test_samples: Samples,
    pub trainer: Trainer,
    history: Vec<EpochMetrics>,
}

impl Session {
    /// Generates the data and a fresh network; an invalid config is rejected whole.
    pub fn new(config: Config) -> Result<Session> {
        config.validate()?;
        let data = config.dataset.generate(
            config.points,
            config.noise,
            &mut rng_for(config.seed, Stream::Data),
        );
        let network = Network::new(&config.spec(), &mut rng_for(config.seed, Stream::Init))?;
        let trainer = Trainer::new(network, config.hyper, rng_for(config.seed, Stream::Shuffle))?;
        Ok(Session::assemble(config, data, trainer))
    }

    fn assemble(config: Config, data: Dataset, trainer: Trainer) -> Session {
        let (train, test) =
            data.split(config.train_ratio, &mut rng_for(config.seed, Stream::Split));
        let train_samples = Samples::new(&trainer.network, &train);
        let test_samples = Samples::new(&trainer.network, &test);
        let mut s = Session {
            config,
            train,
            test,
            train_samples,
            test_samples,
            trainer,
            // Allocated once at its bound, so a long run never grows (or fragments) memory.
            history: Vec::with_capacity(MAX_HISTORY + 1),
        };
        s.record();
        s
    }

    /// Replaces the data with the caller's (e.g. a CSV import) after validating it for the
    /// current task; the network is kept. On error nothing changes.
    pub fn set_data(&mut self, data: Dataset) -> Result<()> {
        data.validate(self.network().task())?;
        let trainer = self.trainer.clone();
        *self = Session::assemble(self.config.clone(), data, trainer);
        Ok(())
    }

    /// Replaces the network (e.g. a model import) if it fits the task; the data is kept.
    pub fn set_network(&mut self, network: Network) -> Result<()> {
        if network.task() != self.network().task() {
            return invalid(format!(
                "the model is for {:?} but the data is for {:?}",
                network.task(),
                self.network().task()
            ));
        }
        let trainer = Trainer::new(
            network,
            self.config.hyper,
            rng_for(self.config.seed, Stream::Shuffle),
        )?;
        let mut config = self.config.clone();
        let spec = trainer.network.spec();
        config.features = spec.features;
        config.hidden = spec.hidden;
        config.activation = spec.activation;
        *self = Session::assemble(config, self.data(), trainer);
        Ok(())
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn network(&self) -> &Network {
        &self.trainer.network
    }

    pub fn task(&self) -> Task {
        self.network().task()
    }

    /// All points: the training set, then the test set.
    pub fn data(&self) -> Dataset {
        let mut d = self.train.clone();
        d.points.extend_from_slice(&self.test.points);
        d.labels.extend_from_slice(&self.test.labels);
        d
    }

    /// Adds a point (drawn by hand) to the training set; the label must suit the task and the
    /// set may not exceed [`MAX_POINTS`]. On error nothing changes.
    pub fn add_point(&mut self, point: [f64; 2], label: f64) -> Result<()> {
        Dataset::single(point, label, self.task())?;
        if self.train.len() + self.test.len() >= MAX_POINTS {
            return invalid(format!("at most {MAX_POINTS} points"));
        }
        self.train.points.push(point);
        self.train.labels.push(label);
        self.data_changed();
        Ok(())
    }

    /// Removes the point nearest to `point` within `radius` (train or test); returns it.
    pub fn remove_nearest(&mut self, point: [f64; 2], radius: f64) -> Option<([f64; 2], f64)> {
        let d2 = |p: &[f64; 2]| (p[0] - point[0]).powi(2) + (p[1] - point[1]).powi(2);
        let mut best: Option<(bool, usize, f64)> = None;
        for (is_train, set) in [(true, &self.train), (false, &self.test)] {
            for (i, p) in set.points.iter().enumerate() {
                let d = d2(p);
                if d <= radius * radius && best.is_none_or(|b| d < b.2) {
                    best = Some((is_train, i, d));
                }
            }
        }
        let (is_train, i, _) = best?;
        let set = if is_train {
            &mut self.train
        } else {
            &mut self.test
        };
        let removed = (set.points.remove(i), set.labels.remove(i));
        self.data_changed();
        Some(removed)
    }

    /// Removes every point (to draw a data set from scratch).
    pub fn clear_data(&mut self) {
        self.train = Dataset::default();
        self.test = Dataset::default();
        self.data_changed();
    }

    fn data_changed(&mut self) {
        self.train_samples = Samples::new(&self.trainer.network, &self.train);
        self.test_samples = Samples::new(&self.trainer.network, &self.test);
        self.record_metrics();
    }

    pub fn train_set(&self) -> &Dataset {
        &self.train
    }

    pub fn test_set(&self) -> &Dataset {
        &self.test
    }

    /// Changes hyper-parameters without a reset.
    pub fn set_hyper(&mut self, hyper: Hyper) -> Result<()> {
        self.trainer.set_hyper(hyper)?;
        self.config.hyper = hyper;
        Ok(())
    }

    fn record(&mut self) {
        let m = self.evaluate();
        self.history.push(m);
        self.thin_history();
    }

    /// Keeps the history under [`MAX_HISTORY`] entries by dropping every other one (the first
    /// and the last stay), so a run of any length uses bounded memory and the chart keeps its
    /// shape.
    fn thin_history(&mut self) {
        if self.history.len() > MAX_HISTORY {
            let last = self.history.pop();
            let mut i = 0;
            self.history.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.history.extend(last);
        }
    }

    /// Train and test metrics of the network as it is now.
    pub fn evaluate(&self) -> EpochMetrics {
        EpochMetrics {
            epoch: self.trainer.epoch(),
            train: evaluate(self.network(), &self.train_samples),
            test: evaluate(self.network(), &self.test_samples),
        }
    }

    /// Trains `epochs` epochs, recording metrics after each; returns the last metrics.
    pub fn step(&mut self, epochs: u32) -> EpochMetrics {
        for _ in 0..epochs {
            self.trainer.train_epoch(&self.train_samples);
            self.record();
        }
        self.latest()
    }

    /// Trains one epoch without measuring the train and test loss (a full pass over both
    /// sets); returns whether every weight is still finite. Call [`Session::record_metrics`] when the
    /// metrics are wanted — the page does once per frame, however many epochs it trained.
    pub fn train_epoch(&mut self) -> bool {
        self.trainer.train_epoch(&self.train_samples)
    }

    /// Measures and appends the metrics of the network as it is now (if its epoch is not
    /// already the last recorded one).
    pub fn record_metrics(&mut self) -> EpochMetrics {
        let m = self.evaluate();
        match self.history.last_mut() {
            Some(last) if last.epoch == m.epoch => *last = m,
            _ => self.history.push(m),
        }
        self.thin_history();
        m
    }

    /// The most recent metrics (there is always at least the epoch-0 entry).
    pub fn latest(&self) -> EpochMetrics {
        self.history
            .last()
            .copied()
            .unwrap_or_else(|| self.evaluate())
    }

    /// Metrics as recorded: after every epoch of [`Session::step`], and wherever
    /// [`Session::record_metrics`] was called; starting with epoch 0.
    pub fn history(&self) -> &[EpochMetrics] {
        &self.history
    }

    /// Sets one parameter by hand (a weight slider); the optimizer's moments are cleared
    /// and the latest metrics are refreshed.
    pub fn set_param(&mut self, id: crate::network::ParamId, value: f64) -> Result<()> {
        self.trainer.network.set_param(id, value)?;
        self.trainer.reset_optimizer();
        let now = self.evaluate();
        if let Some(last) = self.history.last_mut() {
            *last = now;
        }
        Ok(())
    }
}
