//! The whole-batch training kernel and its `f64x2` activations: the activations within a few
//! ulp of the standard library over the whole range, each lane the scalar kernel's bits, the
//! kernel's gradients those of the layers' forward and backward to 1e−12, and 100 training
//! steps with either path to 1e−12.

use backprop::data::features::Feature;
use backprop::kernels::{elementwise, lanes};
use backprop::training::train::{Samples, Trainer};
use backprop::{
    Activation, Hyper, Network, NetworkSpec, OptimizerKind, Regularization, Stream, Task, rng_for,
};
use ndarray::{Array2, Axis};
use rand::RngExt;

/// The distance in units in the last place between two finite values of the same sign (or
/// zeros); `u64::MAX` otherwise (different signs or one not finite), 0 for equal values.
fn ulps(a: f64, b: f64) -> u64 {
    if a == b || (a.is_nan() && b.is_nan()) {
        return 0;
    }
    if !a.is_finite() || !b.is_finite() || (a < 0.0) != (b < 0.0) {
        return u64::MAX;
    }
    a.abs().to_bits().abs_diff(b.abs().to_bits())
}

/// Test points: `n` of log-uniform magnitude from 1e−310 (subnormal) to `10^max_exp`, either
/// sign, `n` uniform in ±`span`, and the special values.
fn points(n: usize, max_exp: f64, span: f64) -> Vec<f64> {
    let mut rng = rng_for(3, Stream::Data);
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            let m = 10f64.powf(rng.random_range(-310.0..max_exp));
            if rng.random_range(0.0..1.0) < 0.5 {
                -m
            } else {
                m
            }
        })
        .collect();
    v.extend((0..n).map(|_| rng.random_range(-span..span)));
    v.extend([
        0.0,
        -0.0,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        1e-8,
        0.173,
        0.1733,
        0.5,
        1.0,
        19.0,
        20.0,
        40.0,
        700.0,
        f64::MAX,
        -f64::MAX,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ]);
    v
}

/// The largest ulp distance of `f` from `reference` over `xs` (NaN must give NaN).
fn worst(xs: &[f64], f: impl Fn(f64) -> f64, reference: impl Fn(f64) -> f64) -> (u64, f64) {
    let mut w = (0, 0.0);
    for &x in xs {
        let d = ulps(f(x), reference(x));
        if d > w.0 {
            w = (d, x);
        }
    }
    assert!(f(f64::NAN).is_nan());
    w
}

#[test]
fn tanh_exp_and_sigmoid_are_within_a_few_ulp_of_the_standard_library() {
    // Two million points each, with the standard library's tanh and exp as the truth (their
    // own error is under 1 ulp).
    let xs = points(1_000_000, 3.0, 25.0);
    let (t, at) = worst(&xs, elementwise::tanh, f64::tanh);
    assert!(t <= 4, "tanh: {t} ulp at {at}");
    let (e, at) = worst(
        &xs.iter()
            .map(|x| x.clamp(-708.0, 709.0))
            .collect::<Vec<_>>(),
        elementwise::exp,
        f64::exp,
    );
    assert!(e <= 3, "exp: {e} ulp at {at}");
    // The sigmoid down to −708, where e^−u still is a normal number (below, the kernel's
    // clamped exp gives σ(−708), about 3e−308, where 1/(1 + e^−u) is smaller).
    let sig = |u: f64| {
        if u >= 0.0 {
            1.0 / (1.0 + (-u).exp())
        } else {
            let e = u.exp();
            e / (1.0 + e)
        }
    };
    let su: Vec<f64> = xs.iter().copied().filter(|&u| u >= -708.0).collect();
    let (s, at) = worst(&su, elementwise::sigmoid, sig);
    assert!(s <= 4, "sigmoid: {s} ulp at {at}");
    eprintln!("worst: tanh {t} ulp, exp {e} ulp, sigmoid {s} ulp");
    assert_eq!(elementwise::tanh(f64::INFINITY), 1.0);
    assert_eq!(elementwise::tanh(f64::NEG_INFINITY), -1.0);
    assert_eq!(elementwise::tanh(-0.0).to_bits(), (-0.0f64).to_bits());
    assert_eq!(elementwise::sigmoid(f64::INFINITY), 1.0);
}

#[test]
fn every_lane_gives_the_scalar_kernels_bits() {
    let xs = points(100_000, 3.0, 25.0);
    let bits = |v: f64| if v.is_nan() { u64::MAX } else { v.to_bits() };
    let mut all = xs.clone();
    all.push(f64::NAN);
    for c in all.chunks_exact(2) {
        let pair = [c[0], c[1]];
        let v = lanes::V2::load(&pair, 0);
        for (name, lane, scalar) in [
            ("tanh", lanes::tanh(v).lanes(), pair.map(elementwise::tanh)),
            ("exp", lanes::exp(v).lanes(), pair.map(elementwise::exp)),
            (
                "sigmoid",
                lanes::sigmoid(v).lanes(),
                pair.map(elementwise::sigmoid),
            ),
        ] {
            for k in 0..2 {
                assert_eq!(bits(lane[k]), bits(scalar[k]), "{name}({})", pair[k]);
            }
        }
        for act in [Activation::Relu, Activation::Linear] {
            let lane = lanes::activate(act, v).lanes();
            for k in 0..2 {
                assert_eq!(
                    bits(lane[k]),
                    bits(act.apply(pair[k])),
                    "{act:?}({})",
                    pair[k]
                );
            }
        }
        for act in [
            Activation::Tanh,
            Activation::Sigmoid,
            Activation::Relu,
            Activation::Linear,
        ] {
            let lane = lanes::derivative(act, v).lanes();
            for k in 0..2 {
                let want = act.derivative_from_output(pair[k]);
                assert_eq!(bits(lane[k]), bits(want), "{act:?}′({})", pair[k]);
            }
        }
    }
}

fn network(hidden: &[usize], activation: Activation, task: Task, seed: u32) -> Network {
    let spec = NetworkSpec {
        features: vec![Feature::X1, Feature::X2, Feature::X1X2],
        hidden: hidden.to_vec(),
        activation,
        task,
    };
    Network::new(&spec, &mut rng_for(seed, Stream::Init)).unwrap()
}

/// Feature rows and target rows (one-hot or values) for `rows` samples.
fn samples(rows: usize, task: Task, seed: u32) -> (Array2<f64>, Array2<f64>) {
    let mut rng = rng_for(seed, Stream::Data);
    let x = Array2::from_shape_simple_fn((rows, 3), || rng.random_range(-3.0..3.0));
    let t = match task {
        Task::Classification { classes } => {
            let mut t = Array2::zeros((rows, classes));
            for r in 0..rows {
                t[[r, rng.random_range(0..classes)]] = 1.0;
            }
            t
        }
        Task::Regression => Array2::from_shape_simple_fn((rows, 1), || rng.random_range(-1.0..1.0)),
    };
    (x, t)
}

/// The layers' own step on the gathered rows.
fn layered(net: &mut Network, x: &Array2<f64>, t: &Array2<f64>, rows: &[usize]) {
    let xb = x.select(Axis(0), rows);
    let tb = t.select(Axis(0), rows);
    net.forward_output(&xb, &tb);
    net.backward_params();
}

#[track_caller]
fn assert_close(what: &str, a: &Network, b: &Network, tolerance: f64) {
    for (l, (la, lb)) in a.layers().iter().zip(b.layers()).enumerate() {
        for (name, pa, pb) in [("w", &la.w, &lb.w), ("dw", &la.dw, &lb.dw)] {
            for (&u, &v) in pa.iter().zip(pb.iter()) {
                let scale = u.abs().max(v.abs()).max(1e-3);
                assert!(
                    (u - v).abs() <= tolerance * scale,
                    "{what}: layer {l} {name}: {u} vs {v}"
                );
            }
        }
        for (&u, &v) in la.b.iter().chain(&la.db).zip(lb.b.iter().chain(&lb.db)) {
            let scale = u.abs().max(v.abs()).max(1e-3);
            assert!(
                (u - v).abs() <= tolerance * scale,
                "{what}: layer {l} b/db: {u} vs {v}"
            );
        }
    }
}

const TASKS: [Task; 3] = [
    Task::Classification { classes: 2 },
    Task::Classification { classes: 5 },
    Task::Regression,
];

#[test]
fn the_kernels_gradients_are_the_layers_to_1e_12() {
    let acts = [
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Relu,
        Activation::Linear,
    ];
    for (s, hidden) in [vec![], vec![1], vec![8, 8], vec![3, 7, 8, 2, 8, 5]]
        .iter()
        .enumerate()
    {
        for (a, &act) in acts.iter().enumerate() {
            for (k, &task) in TASKS.iter().enumerate() {
                let seed = (s * 100 + a * 10 + k) as u32;
                let (x, t) = samples(40, task, seed);
                for rows in [
                    vec![3],
                    vec![0, 1],
                    vec![5, 9, 2, 7, 1, 0, 3, 8, 4, 6],
                    (0..37).rev().collect(),
                ] {
                    let mut fast = network(hidden, act, task, seed);
                    let mut slow = fast.clone();
                    assert!(fast.batch_gradients(&x, &t, &rows));
                    layered(&mut slow, &x, &t, &rows);
                    assert_close(
                        &format!("{hidden:?} {act:?} {task:?} {} rows", rows.len()),
                        &fast,
                        &slow,
                        1e-12,
                    );
                }
            }
        }
    }
}

#[test]
fn a_hundred_steps_with_the_kernel_are_the_layers_to_1e_12() {
    for (act, task, optimizer, regularization) in [
        (
            Activation::Tanh,
            TASKS[0],
            OptimizerKind::Sgd,
            Regularization::None,
        ),
        (
            Activation::Relu,
            TASKS[1],
            OptimizerKind::Adam,
            Regularization::L2,
        ),
        (
            Activation::Sigmoid,
            TASKS[2],
            OptimizerKind::Momentum,
            Regularization::L1,
        ),
        (
            Activation::Tanh,
            TASKS[1],
            OptimizerKind::Sgd,
            Regularization::L2,
        ),
        (
            Activation::Relu,
            TASKS[2],
            OptimizerKind::Sgd,
            Regularization::L1,
        ),
    ] {
        let (x, t) = samples(250, task, 5);
        let train = Samples {
            x: x.clone(),
            t: t.clone(),
            labels: vec![0.0; 250],
        };
        let hyper = Hyper {
            optimizer,
            regularization,
            regularization_rate: 0.001,
            ..Hyper::default()
        };
        let trainer = |net| Trainer::new(net, hyper, rng_for(1, Stream::Shuffle)).unwrap();
        let mut fast = trainer(network(&[8, 8, 8, 8, 8, 8], act, task, 6));
        let mut slow = fast.clone();
        let mut rng = rng_for(7, Stream::Shuffle);
        for _ in 0..100 {
            let rows: Vec<usize> = (0..10).map(|_| rng.random_range(0..250)).collect();
            fast.step_rows(&train, &rows);
            slow.step_batch(&x.select(Axis(0), &rows), &t.select(Axis(0), &rows));
        }
        assert_close(
            &format!("{act:?} {optimizer:?}"),
            &fast.network,
            &slow.network,
            1e-12,
        );
    }
}

/// Plain SGD applied inside the kernel, each weight as soon as its gradient is made, is
/// `w − η·(dW + penalty(w))` and `b − η·db` with the kernel's own gradients and the old
/// weights, to the bit, for every penalty; the δ below a layer still uses its old weights.
#[test]
fn sgd_inside_the_kernel_is_the_rule_to_the_bit() {
    use backprop::training::optimizer::Optimizer;
    let (lr, rate) = (0.03, 0.01);
    for reg in [Regularization::None, Regularization::L1, Regularization::L2] {
        let step = Optimizer::new(OptimizerKind::Sgd).plain_sgd(lr, reg, rate);
        assert!(step.is_some());
        // Every shape of the kernel's weight and bias tiles (4, 2 and 1 nodes; 4, 2 and 1
        // inputs), two and five classes, one value.
        for (hidden, task) in [
            (vec![8, 8], TASKS[0]),
            (vec![3, 7, 8, 2, 8, 5], TASKS[1]),
            (vec![1, 6], TASKS[2]),
        ] {
            let (x, t) = samples(40, task, 3);
            let mut fused = network(&hidden, Activation::Tanh, task, 4);
            for rows in [
                vec![3],
                vec![5, 9, 2, 7, 1, 0, 3, 8, 4, 6],
                (0..37).collect(),
            ] {
                let mut apart = fused.clone();
                assert!(apart.batch_gradients(&x, &t, &rows));
                assert!(fused.batch_step(&x, &t, &rows, step));
                for (l, (f, a)) in fused.layers().iter().zip(apart.layers()).enumerate() {
                    let penalty = |w: f64| match reg {
                        Regularization::None => 0.0,
                        Regularization::L1 if w == 0.0 => 0.0,
                        Regularization::L1 => rate * w.signum(),
                        Regularization::L2 => rate * w,
                    };
                    let want_w =
                        a.w.iter()
                            .zip(&a.dw)
                            .map(|(&w, &g)| w - lr * (g + penalty(w)));
                    let want_b = a.b.iter().zip(&a.db).map(|(&b, &g)| b - lr * (g + 0.0));
                    let got = f.w.iter().chain(&f.b).chain(&f.dw).chain(&f.db);
                    let want = want_w
                        .chain(want_b)
                        .chain(a.dw.iter().copied())
                        .chain(a.db.iter().copied());
                    for (i, (&g, w)) in got.zip(want).enumerate() {
                        assert_eq!(
                            g.to_bits(),
                            w.to_bits(),
                            "{reg:?} {hidden:?} layer {l} value {i}: {g} vs {w}"
                        );
                    }
                }
            }
        }
    }
    // Another rule is left to the optimizer.
    assert!(
        Optimizer::new(OptimizerKind::Adam)
            .plain_sgd(lr, Regularization::None, rate)
            .is_none()
    );
}

#[test]
fn the_kernel_refuses_what_it_does_not_take() {
    let task = TASKS[0];
    let (x, t) = samples(10, task, 1);
    let mut net = network(&[8], Activation::Tanh, task, 1);
    let before = net.clone();
    assert!(!net.batch_gradients(&x, &t, &[]), "no rows");
    assert!(!net.batch_gradients(&x, &t, &[10]), "a row out of range");
    let (x2, t2) = samples(10, TASKS[1], 1);
    assert!(
        !net.batch_gradients(&x2, &t2, &[0]),
        "targets of another width"
    );
    assert_close("unchanged", &net, &before, 0.0);
}

/// Two classes take a shortcut in the kernel (one `exp` for both logits): its `δ` must still be
/// the layers' softmax-with-loss `δ` to the bit, for equal, far-apart, tiny and huge logits.
#[test]
fn two_class_softmax_deltas_are_the_layers_bits() {
    use backprop::layers::affine::Affine;
    use backprop::layers::loss::Output;
    use ndarray::{Array1, arr2};
    let logits = [
        (0.0, 0.0),
        (1.5, 1.5),
        (3.0, -2.0),
        (-2.0, 3.0),
        (700.0, -700.0),
        (-745.0, 0.0),
        (1e-300, -1e-300),
        (0.1, 0.2),
        (-0.0, 0.0),
    ];
    let x = arr2(&[[0.5, -0.25]]);
    for label in [0usize, 1] {
        let mut t = Array2::zeros((1, 2));
        t[[0, label]] = 1.0;
        for &(u0, u1) in &logits {
            // Zero weights: the logits are the biases.
            let layer = Affine::new(Array2::zeros((2, 2)), Array1::from(vec![u0, u1]));
            let mut fast = Network::from_layers(
                vec![Feature::X1, Feature::X2],
                vec![layer],
                Activation::Tanh,
                Output::Softmax,
            )
            .unwrap();
            let mut slow = fast.clone();
            assert!(fast.batch_gradients(&x, &t, &[0]));
            layered(&mut slow, &x, &t, &[0]);
            // One row: db is that row's δ.
            for (a, b) in fast.layers()[0].db.iter().zip(&slow.layers()[0].db) {
                assert_eq!(
                    a.to_bits(),
                    b.to_bits(),
                    "logits ({u0}, {u1}), label {label}: {a} vs {b}"
                );
            }
        }
    }
}
