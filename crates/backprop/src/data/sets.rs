//! Data sets: points in the input square [−6, 6]² with a label (a class index or a value),
//! and the generators learners know from TF Playground. (The CSV file is in `files::csv`.)

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

use crate::error::{Code, Error, Result};
use crate::names::named_enum;
use crate::task::{MAX_PARAM, Task};

/// Half the side of the input square: points lie in [−EXTENT, EXTENT]².
pub const EXTENT: f64 = 6.0;
/// The most rows a data set may have (generated, imported or added by hand).
pub const MAX_POINTS: usize = 10_000;
/// The largest |x1| or |x2| a point may have (imported or drawn; generated sets stay within
/// [`EXTENT`] plus noise).
pub const MAX_COORDINATE: f64 = 1e6;
/// The most points one preview of a data set may have (the picker's thumbnails).
pub const MAX_PREVIEW_POINTS: usize = 2_000;

/// Labelled points.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub points: Vec<[f64; 2]>,
    /// A class index 0..k−1 (as a float) or a regression value, one per point.
    pub labels: Vec<f64>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Checks that every label suits the task: a whole class index below k, or a finite value.
    pub fn validate(&self, task: Task) -> Result<()> {
        if self.points.len() != self.labels.len() {
            return Err(Error::new(Code::LabelsCount)
                .with("points", self.points.len())
                .with("labels", self.labels.len()));
        }
        if self.len() > MAX_POINTS {
            return Err(Error::new(Code::TooManyPoints)
                .with("n", MAX_POINTS)
                .with("got", self.len()));
        }
        for (i, (p, &l)) in self.points.iter().zip(&self.labels).enumerate() {
            check_row(p[0], p[1], l, task).map_err(|e| e.at_line(i + 2))?;
        }
        Ok(())
    }

    /// One labelled point, checked for the task; the error names the field, not a line.
    pub fn single(point: [f64; 2], label: f64, task: Task) -> Result<Dataset> {
        check_row(point[0], point[1], label, task)?;
        Ok(Dataset {
            points: vec![point],
            labels: vec![label],
        })
    }

    /// Splits into (train, test) as `is_train` says, row by row, keeping the rows' order (a
    /// data file's `split` column).
    pub fn split_by(&self, is_train: &[bool]) -> (Dataset, Dataset) {
        let (mut train, mut test) = (Dataset::default(), Dataset::default());
        for ((p, &l), &t) in self.points.iter().zip(&self.labels).zip(is_train) {
            let set = if t { &mut train } else { &mut test };
            set.points.push(*p);
            set.labels.push(l);
        }
        (train, test)
    }

    /// Splits into (train, test) after a seeded shuffle; `train_ratio` in [0, 1].
    pub fn split(&self, train_ratio: f64, rng: &mut impl Rng) -> (Dataset, Dataset) {
        let mut idx: Vec<usize> = (0..self.len()).collect();
        idx.shuffle(rng);
        let ratio = if train_ratio.is_finite() {
            train_ratio.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let n_train = (self.len() as f64 * ratio).round() as usize;
        let pick = |ids: &[usize]| Dataset {
            points: ids.iter().map(|&i| self.points[i]).collect(),
            labels: ids.iter().map(|&i| self.labels[i]).collect(),
        };
        (pick(&idx[..n_train]), pick(&idx[n_train..]))
    }
}

pub(crate) fn check_row(x1: f64, x2: f64, label: f64, task: Task) -> Result<()> {
    for (name, v) in [("x1", x1), ("x2", x2), ("label", label)] {
        if !v.is_finite() {
            return Err(Error::new(Code::NotFinite).with("v", v).at_field(name));
        }
    }
    for (name, v) in [("x1", x1), ("x2", x2)] {
        if v.abs() > MAX_COORDINATE {
            return Err(Error::new(Code::TooLargeX)
                .with("v", crate::error::shown(v))
                .with("max", format!("{MAX_COORDINATE:e}"))
                .at_field(name));
        }
    }
    if task == Task::Regression && label.abs() > MAX_PARAM {
        // Bounded like a parameter: a value beyond it only makes training diverge.
        return Err(Error::new(Code::OutOfRange)
            .with("v", crate::error::shown(label))
            .with("max", format!("{MAX_PARAM:e}"))
            .at_field("label"));
    }
    if let Task::Classification { classes } = task {
        if label.fract() != 0.0 || label < 0.0 || label >= classes as f64 {
            return Err(Error::new(Code::NotClass)
                .with("v", label)
                .with("k", classes - 1)
                .at_field("label"));
        }
    }
    Ok(())
}

/// The built-in data sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    /// A disc of one class inside a ring of the other.
    Circle,
    /// The four quadrants, classes by the sign of x1·x2.
    Xor,
    /// Two gaussian clouds around (2, 2) and (−2, −2).
    Gauss,
    /// Two interleaved spiral arms.
    Spiral,
    /// Three interleaved spiral arms (one turn each), one class each.
    Spiral3,
    /// Four gaussian blobs, one per quadrant, one class each.
    Blobs4,
    /// Regression: a tilted plane, label (x1 + x2)/12 scaled to [−1, 1].
    Plane,
    /// Regression: a mix of positive and negative gaussian bumps.
    Bumps,
}

named_enum!(DatasetKind, "data set",
    Circle => "circle", Xor => "xor", Gauss => "gauss", Spiral => "spiral",
    Spiral3 => "spiral3", Blobs4 => "blobs4", Plane => "plane", Bumps => "bumps");

impl DatasetKind {
    /// The task the set is for.
    pub fn task(self) -> Task {
        match self {
            DatasetKind::Spiral3 => Task::Classification { classes: 3 },
            DatasetKind::Blobs4 => Task::Classification { classes: 4 },
            DatasetKind::Plane | DatasetKind::Bumps => Task::Regression,
            _ => Task::Classification { classes: 2 },
        }
    }

    /// `n` points with `noise` in [0, 0.5] (TF Playground's 0–50 %), drawn from `rng`.
    pub fn generate(self, n: usize, noise: f64, rng: &mut impl Rng) -> Dataset {
        let n = n.min(MAX_POINTS);
        let noise = if noise.is_finite() {
            noise.clamp(0.0, 0.5)
        } else {
            0.0
        };
        let mut d = Dataset::default();
        let mut push = |p: [f64; 2], l: f64| {
            d.points.push(p);
            d.labels.push(l);
        };
        match self {
            DatasetKind::Circle => {
                let radius = 5.0;
                for i in 0..n {
                    let inner = i < n / 2;
                    let r = if inner {
                        rng.random_range(0.0..radius * 0.5)
                    } else {
                        rng.random_range(radius * 0.7..radius)
                    };
                    let a = rng.random_range(0.0..2.0 * PI);
                    let (x, y) = (r * a.sin(), r * a.cos());
                    let nx = rng.random_range(-radius..radius) * noise;
                    let ny = rng.random_range(-radius..radius) * noise;
                    let label = if ((x + nx).powi(2) + (y + ny).powi(2)).sqrt() < radius * 0.5 {
                        1.0
                    } else {
                        0.0
                    };
                    push([x, y], label);
                }
            }
            DatasetKind::Xor => {
                let pad = 0.3;
                for _ in 0..n {
                    let mut x: f64 = rng.random_range(-5.0..5.0);
                    x += if x > 0.0 { pad } else { -pad };
                    let mut y: f64 = rng.random_range(-5.0..5.0);
                    y += if y > 0.0 { pad } else { -pad };
                    let nx = rng.random_range(-5.0..5.0) * noise;
                    let ny = rng.random_range(-5.0..5.0) * noise;
                    push([x, y], if (x + nx) * (y + ny) >= 0.0 { 1.0 } else { 0.0 });
                }
            }
            DatasetKind::Gauss => {
                let sd = 0.5 + 3.5 * (noise / 0.5);
                let sd = sd.sqrt();
                for i in 0..n {
                    let (c, l) = if i < n / 2 { (2.0, 1.0) } else { (-2.0, 0.0) };
                    push([gauss(rng, c, sd), gauss(rng, c, sd)], l);
                }
            }
            DatasetKind::Spiral | DatasetKind::Spiral3 => {
                let k = if self == DatasetKind::Spiral { 2 } else { 3 };
                for i in 0..n {
                    let class = i * k / n.max(1);
                    let j = i - class * n / k;
                    let per = (n / k).max(1) as f64;
                    let r = j as f64 / per * 5.0;
                    // Two arms turn 1.75 times (TF Playground's spiral); three arms turn once,
                    // so that arms stay as far apart as the two-arm set's.
                    let turns = if k == 2 { 1.75 } else { 1.0 };
                    let t = turns * j as f64 / per * 2.0 * PI + class as f64 * 2.0 * PI / k as f64;
                    let x = r * t.sin() + rng.random_range(-1.0..1.0) * noise;
                    let y = r * t.cos() + rng.random_range(-1.0..1.0) * noise;
                    push([x, y], class as f64);
                }
            }
            DatasetKind::Blobs4 => {
                let sd = (0.3 + 2.0 * noise).sqrt();
                let centers = [[3.0, 3.0], [-3.0, 3.0], [-3.0, -3.0], [3.0, -3.0]];
                for i in 0..n {
                    let class = i * 4 / n.max(1);
                    let c = centers[class];
                    push([gauss(rng, c[0], sd), gauss(rng, c[1], sd)], class as f64);
                }
            }
            DatasetKind::Plane => {
                for _ in 0..n {
                    let x = rng.random_range(-EXTENT..EXTENT);
                    let y = rng.random_range(-EXTENT..EXTENT);
                    let nx = rng.random_range(-EXTENT..EXTENT) * noise;
                    let ny = rng.random_range(-EXTENT..EXTENT) * noise;
                    push([x, y], ((x + nx + y + ny) / 10.0).clamp(-1.0, 1.0));
                }
            }
            DatasetKind::Bumps => {
                let bumps = [
                    (-4.0, 2.5, 1.0),
                    (0.0, 2.5, -1.0),
                    (4.0, 2.5, 1.0),
                    (-4.0, -2.5, -1.0),
                    (0.0, -2.5, 1.0),
                    (4.0, -2.5, -1.0),
                ];
                for _ in 0..n {
                    let x = rng.random_range(-EXTENT..EXTENT);
                    let y = rng.random_range(-EXTENT..EXTENT);
                    let nx = rng.random_range(-EXTENT..EXTENT) * noise;
                    let ny = rng.random_range(-EXTENT..EXTENT) * noise;
                    let (px, py) = (x + nx, y + ny);
                    let mut label: f64 = 0.0;
                    for &(cx, cy, sign) in &bumps {
                        let v = sign * (-((px - cx).powi(2) + (py - cy).powi(2)) / 2.0).exp();
                        if v.abs() > label.abs() {
                            label = v;
                        }
                    }
                    push([x, y], label);
                }
            }
        }
        d
    }
}

fn gauss(rng: &mut impl Rng, mean: f64, sd: f64) -> f64 {
    // sd > 0 always here, so Normal::new cannot fail; fall back to the mean if it ever did.
    Normal::new(mean, sd).map_or(mean, |n| n.sample(rng))
}
