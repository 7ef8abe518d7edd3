//! A whole playground run: generated data, the train/test split, the network and its
//! trainer, and the loss history — everything a front end (the page, the CLI) drives.
//! The seed fixes the data, the split, the initial weights and the shuffling, each from
//! its own stream (see [`crate::rng`]), so changing the batch size does not change the data.
//!
//! The session is the one authority on a run: it decides when training has diverged
//! ([`Session::diverged`]), keeps the last good weights to go back to, and runs the page's
//! frame-budget loop ([`Session::train_for`]).

use serde::{Deserialize, Serialize};

use crate::data::sets::{Dataset, MAX_POINTS};
use crate::error::{Code, Error, Result, fail};
use crate::rng::{Stream, rng_for};
use crate::training::config::{Config, Hyper};
use crate::training::network::{MAX_PARAM, Network, ParamId, Task};
use crate::training::train::{Metrics, Samples, Trainer, evaluate};

/// The most entries the metrics history keeps (see [`Session::history`]).
pub const MAX_HISTORY: usize = 1024;
/// The most epochs (or single-sample steps) one training call of a front end may ask for, so
/// that no call can freeze the page for long.
pub const MAX_EPOCHS_PER_CALL: u32 = 10_000;

/// Metrics after an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochMetrics {
    pub epoch: u64,
    pub train: Metrics,
    pub test: Metrics,
}

/// Where the data of [`Session::from_parts`] comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    /// Generated from the config (its data set, points, noise and seed), then split by its
    /// train ratio — what [`Session::new`] does.
    Generated,
    /// Given rows for a task (e.g. a CSV file): every row is training data, there is no
    /// test set.
    Rows(Dataset, Task),
    /// A given training set and test set for a task (e.g. a CSV file with a `split`
    /// column), kept as they are.
    Split(Dataset, Dataset, Task),
}

/// A task in words, for messages: "2 classes" or "regression".
pub fn task_words(task: Task) -> Error {
    match task {
        Task::Classification { classes } => Error::new(Code::Classes).with("k", classes),
        Task::Regression => Error::new(Code::Regression),
    }
}

fn task_mismatch<T>(model: Task, data: Task) -> Result<T> {
    fail(Code::TaskMismatch, |e| {
        e.with_message("model", task_words(model))
            .with_message("data", task_words(data))
    })
}

/// Checks a training and a test set together for a task (their labels, the row limit).
fn check_sets(train: &Dataset, test: &Dataset, task: Task) -> Result<()> {
    train.validate(task)?;
    test.validate(task)?;
    if train.len() + test.len() > MAX_POINTS {
        return fail(Code::TooManyPoints, |e| {
            e.with("n", MAX_POINTS)
                .with("got", train.len() + test.len())
        });
    }
    Ok(())
}

/// A run in progress.
#[derive(Clone, Debug)]
pub struct Session {
    config: Config,
    train: Dataset,
    test: Dataset,
    train_samples: Samples,
    test_samples: Samples,
    trainer: Trainer,
    history: Vec<EpochMetrics>,
    /// The weights (in [`Network::params`] order) from before the latest training call that
    /// were all finite and within ±[`MAX_PARAM`], so setting them again cannot fail.
    last_good: Option<Vec<f64>>,
}

impl Session {
    /// Generates the data and a fresh network; an invalid config is rejected whole.
    pub fn new(config: Config) -> Result<Session> {
        Session::from_parts(config, None, Data::Generated)
    }

    /// A run whose network, data or both come from outside (a model file, a CSV file); what
    /// is not given is made from `config` exactly as [`Session::new`] makes it (the same seed
    /// streams), so the CLI and the page give the same numbers by construction.
    ///
    /// The task is the given network's, else that of the given rows, else the config's data
    /// set's; a network and data for different tasks are rejected. The config's features,
    /// hidden layers and activation are replaced by the given network's. Its `dataset`,
    /// `points`, `noise` and `train_ratio` only matter for generated data.
    pub fn from_parts(mut config: Config, network: Option<Network>, data: Data) -> Result<Session> {
        if let Some(net) = &network {
            let spec = net.spec();
            config.features = spec.features;
            config.hidden = spec.hidden;
            config.activation = spec.activation;
        }
        config.validate()?;
        let task = match (&network, &data) {
            (Some(net), _) => net.task(),
            (None, Data::Rows(_, task) | Data::Split(_, _, task)) => *task,
            (None, Data::Generated) => config.dataset.task(),
        };
        let (train, test) = match data {
            Data::Rows(rows, rows_task) => {
                if rows_task != task {
                    return task_mismatch(task, rows_task);
                }
                rows.validate(task)?;
                (rows, Dataset::default())
            }
            Data::Split(train, test, rows_task) => {
                if rows_task != task {
                    return task_mismatch(task, rows_task);
                }
                check_sets(&train, &test, task)?;
                (train, test)
            }
            Data::Generated => {
                if config.dataset.task() != task {
                    return fail(Code::TaskMismatchSet, |e| {
                        e.with_message("model", task_words(task))
                            .with("set", config.dataset)
                            .with_message("data", task_words(config.dataset.task()))
                    });
                }
                let data = config.dataset.generate(
                    config.points,
                    config.noise,
                    &mut rng_for(config.seed, Stream::Data),
                );
                data.split(config.train_ratio, &mut rng_for(config.seed, Stream::Split))
            }
        };
        let network = match network {
            Some(net) => net,
            None => Network::new(
                &config.spec_for(task),
                &mut rng_for(config.seed, Stream::Init),
            )?,
        };
        let trainer = Trainer::new(network, config.hyper, rng_for(config.seed, Stream::Shuffle))?;
        Ok(Session::assemble(config, train, test, trainer))
    }

    fn assemble(config: Config, train: Dataset, test: Dataset, trainer: Trainer) -> Session {
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
            last_good: None,
        };
        s.record();
        s
    }

    /// Replaces the data with the caller's (e.g. a CSV import) after validating it for the
    /// current task, split by the config's train ratio and seed; the network (and the last
    /// good weights) are kept. On error nothing changes.
    pub fn set_data(&mut self, data: Dataset) -> Result<()> {
        data.validate(self.network().task())?;
        let (train, test) = data.split(
            self.config.train_ratio,
            &mut rng_for(self.config.seed, Stream::Split),
        );
        let last_good = self.last_good.take();
        *self = Session::assemble(self.config.clone(), train, test, self.trainer.clone());
        self.last_good = last_good;
        Ok(())
    }

    /// Replaces the data with `data`'s rows: split as `split` says when given (`true` for a
    /// training row; a data file's `split` column), else by the config's train ratio and
    /// seed. The network (and the last good weights) are kept. On error nothing changes.
    pub fn set_rows(&mut self, data: &Dataset, split: Option<&[bool]>) -> Result<()> {
        let Some((train, test)) = split.map(|s| data.split_by(s)) else {
            return self.set_data(data.clone());
        };
        check_sets(&train, &test, self.task())?;
        let last_good = self.last_good.take();
        *self = Session::assemble(self.config.clone(), train, test, self.trainer.clone());
        self.last_good = last_good;
        Ok(())
    }

    /// Replaces the data with `data`'s rows for another task (e.g. a file of 5 classes while
    /// the data set has 2): a fresh network of the config's shape for that task, made from
    /// the seed as [`Session::new`] makes it; the data split as in [`Session::set_rows`]. For
    /// the current task this is [`Session::set_rows`]. On error nothing changes.
    pub fn set_rows_for(
        &mut self,
        data: &Dataset,
        split: Option<&[bool]>,
        task: Task,
    ) -> Result<()> {
        if task == self.task() {
            return self.set_rows(data, split);
        }
        task.validate()?;
        let (train, test) = match split {
            Some(s) => data.split_by(s),
            None => data.split(
                self.config.train_ratio,
                &mut rng_for(self.config.seed, Stream::Split),
            ),
        };
        check_sets(&train, &test, task)?;
        let network = Network::new(
            &self.config.spec_for(task),
            &mut rng_for(self.config.seed, Stream::Init),
        )?;
        let trainer = Trainer::new(
            network,
            self.config.hyper,
            rng_for(self.config.seed, Stream::Shuffle),
        )?;
        *self = Session::assemble(self.config.clone(), train, test, trainer);
        Ok(())
    }

    /// The network to save or export: the current one when its weights are all finite and
    /// within ±[`MAX_PARAM`] (`false`), else the current shape with the last good weights
    /// (`true`); `None` when there are no good weights at all.
    pub fn savable_network(&self) -> Option<(Network, bool)> {
        let net = self.network();
        if net.params().iter().all(|v| v.abs() <= MAX_PARAM) {
            return Some((net.clone(), false));
        }
        let mut good = net.clone();
        good.set_params(self.last_good.as_deref()?).ok()?;
        Some((good, true))
    }

    /// Replaces the network (e.g. a model import); the data is kept as it is, each point in
    /// its set. A model for another number of classes is taken when every label is one of its
    /// classes; a model for another kind of task is refused. The last good weights are
    /// dropped (they may be of another shape).
    pub fn set_network(&mut self, network: Network) -> Result<()> {
        let (task, now) = (network.task(), self.network().task());
        if task != now {
            let fits = matches!(
                (task, now),
                (Task::Classification { .. }, Task::Classification { .. })
            ) && check_sets(&self.train, &self.test, task).is_ok();
            if !fits {
                return task_mismatch(task, now);
            }
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
        let (train, test) = (self.train.clone(), self.test.clone());
        *self = Session::assemble(config, train, test, trainer);
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
            return fail(Code::MaxPoints, |e| e.with("n", MAX_POINTS));
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

    /// The training set as the network sees it (features and targets), e.g. for the loss
    /// landscape.
    pub fn train_samples(&self) -> &Samples {
        &self.train_samples
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

    /// Epochs completed so far.
    pub fn epoch(&self) -> u64 {
        self.trainer.epoch()
    }

    /// Trains `epochs` epochs, recording metrics after each; returns the last metrics.
    pub fn step(&mut self, epochs: u32) -> EpochMetrics {
        self.keep_last_good();
        for _ in 0..epochs {
            self.trainer.train_epoch(&self.train_samples);
            self.record();
        }
        self.latest()
    }

    /// The frame loop's one call: whole epochs until `out_of_time()` says the budget is spent
    /// (asked after each epoch, so at least one epoch runs if `max_epochs` > 0), `max_epochs`
    /// (at most [`MAX_EPOCHS_PER_CALL`]) are done, or the weights stop being finite; then the
    /// train and test metrics are measured once. Returns the number of epochs trained.
    pub fn train_for(&mut self, max_epochs: u32, mut out_of_time: impl FnMut() -> bool) -> u32 {
        let max_epochs = max_epochs.min(MAX_EPOCHS_PER_CALL);
        if max_epochs == 0 {
            return 0;
        }
        self.keep_last_good();
        let mut done = 0;
        while done < max_epochs {
            let finite = self.trainer.train_epoch(&self.train_samples);
            done += 1;
            if !finite || out_of_time() {
                break;
            }
        }
        self.record_metrics();
        done
    }

    /// Slow motion: one mini-batch step (the next batch of the current epoch), keeping the
    /// last good weights and measuring the metrics. Returns the batch's rows (indices into
    /// [`Session::train_set`]) and (batches done in this epoch, batches per epoch).
    pub fn train_batch(&mut self) -> (Vec<usize>, (usize, usize)) {
        self.keep_last_good();
        let (rows, _) = self.trainer.train_batch(&self.train_samples);
        self.record_metrics();
        let n = self.train_samples.len();
        let (done, per_epoch) = self.trainer.batch_position(n);
        // A finished epoch reads as "all batches done", not "0 done".
        let done = if done == 0 && !rows.is_empty() {
            per_epoch
        } else {
            done
        };
        (rows, (done, per_epoch))
    }

    /// Trains one epoch without measuring the train and test loss (a full pass over both
    /// sets) and without keeping the last good weights; returns whether every weight is
    /// still finite. Call [`Session::record_metrics`] when the metrics are wanted.
    pub fn train_epoch(&mut self) -> bool {
        self.trainer.train_epoch(&self.train_samples)
    }

    /// The article's loop: `steps` gradient steps (at most [`MAX_EPOCHS_PER_CALL`]) on one
    /// sample, with the current optimizer and learning rate; the forward pass is recomputed
    /// every step. Returns the metrics; a bad point or label is rejected and nothing changes.
    pub fn train_sample(
        &mut self,
        point: [f64; 2],
        label: f64,
        steps: u32,
    ) -> Result<EpochMetrics> {
        if steps > MAX_EPOCHS_PER_CALL {
            return fail(Code::PerCall, |e| {
                e.with("max", MAX_EPOCHS_PER_CALL)
                    .with("n", steps)
                    .at_field("steps")
            });
        }
        let sample = Samples::new(self.network(), &Dataset::single(point, label, self.task())?);
        self.keep_last_good();
        for _ in 0..steps {
            self.trainer.step_batch(&sample.x, &sample.t);
        }
        // Each step is a pass over its one-sample data set: the epoch counter moves with them.
        self.trainer.count_epochs(steps as u64);
        Ok(self.record_metrics())
    }

    /// Whether training has diverged: a weight, or the training loss (when there is training
    /// data), is NaN or infinite. The one definition the page, the binding and the CLI use.
    pub fn diverged(&self) -> bool {
        let loss = self.latest().train.loss;
        !self.network().is_finite() || !(loss.is_finite() || self.train.is_empty())
    }

    /// Remembers the current weights as the last good ones if they are all finite and within
    /// ±[`MAX_PARAM`]; a run on its way to diverging keeps the older ones.
    fn keep_last_good(&mut self) {
        let net = &self.trainer.network;
        let good = net
            .layers()
            .iter()
            .all(|l| l.w.iter().chain(l.b.iter()).all(|v| v.abs() <= MAX_PARAM));
        if good {
            let buf = self.last_good.get_or_insert_with(Vec::new);
            buf.clear();
            buf.extend(
                net.layers()
                    .iter()
                    .flat_map(|l| l.w.iter().chain(l.b.iter())),
            );
        }
    }

    /// Whether there are last good weights to go back to (taken before a training call).
    pub fn has_last_good(&self) -> bool {
        self.last_good.is_some()
    }

    /// Sets the weights back to the last good ones (see [`Session::has_last_good`]); the
    /// optimizer's moments are cleared and the latest metrics refreshed. An error if there are
    /// none.
    pub fn restore_last_good(&mut self) -> Result<()> {
        let Some(values) = self.last_good.clone() else {
            return fail(Code::NoLastGood, |e| e);
        };
        self.set_params(&values)
    }

    /// A saved run's progress, restored with its weights: the epoch count and the loss curve,
    /// `losses` as (epoch, train loss, test loss) — what a front end shows of the history. The
    /// accuracies of those epochs are not kept (None); the metrics of the weights as they are
    /// now end the history, at `epoch`. Refused, nothing changed, unless the epochs are whole
    /// numbers up to `epoch` in increasing order and each loss is finite, ≥ 0, or NaN (no
    /// test set).
    pub fn restore_progress(&mut self, epoch: u64, losses: &[[f64; 3]]) -> Result<()> {
        const MAX_EPOCH: f64 = 9_007_199_254_740_992.0; // 2⁵³: every epoch a float64 holds exactly
        if epoch as f64 > MAX_EPOCH {
            return fail(Code::EpochMax, |e| e.with("n", epoch).at_field("epoch"));
        }
        let mut last = -1.0;
        for (i, &[e, train, test]) in losses.iter().enumerate() {
            if !(e.fract() == 0.0 && e > last && e <= epoch as f64) {
                return fail(Code::HistoryEpoch, |err| {
                    err.with("e", e)
                        .with("last", last)
                        .with("epoch", epoch)
                        .at_field(format!("history[{i}]"))
                });
            }
            if [train, test]
                .iter()
                .any(|&l| !(l.is_nan() || (l.is_finite() && l >= 0.0)))
            {
                return fail(Code::HistoryLoss, |e| {
                    e.with("train", train)
                        .with("test", test)
                        .at_field(format!("history[{i}]"))
                });
            }
            last = e;
        }
        let task = self.task();
        let metrics = |loss: f64| Metrics {
            loss,
            accuracy: match task {
                Task::Classification { .. } => Some(f64::NAN),
                Task::Regression => None,
            },
        };
        self.trainer.set_epoch(epoch);
        self.history = losses
            .iter()
            .filter(|&&[e, _, _]| e < epoch as f64)
            .map(|&[e, train, test]| EpochMetrics {
                epoch: e as u64,
                train: metrics(train),
                test: metrics(test),
            })
            .collect();
        self.record();
        while self.history.len() > MAX_HISTORY {
            self.thin_history();
        }
        Ok(())
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
    pub fn set_param(&mut self, id: ParamId, value: f64) -> Result<()> {
        self.trainer.network.set_param(id, value)?;
        self.params_edited();
        Ok(())
    }

    /// Sets every parameter at once, in [`Network::params`] order; checked whole first, so on
    /// error nothing changes. The optimizer's moments are cleared and the metrics refreshed.
    pub fn set_params(&mut self, values: &[f64]) -> Result<()> {
        self.trainer.network.set_params(values)?;
        self.params_edited();
        Ok(())
    }

    fn params_edited(&mut self) {
        self.trainer.reset_optimizer();
        let now = self.evaluate();
        if let Some(last) = self.history.last_mut() {
            *last = now;
        }
    }
}
