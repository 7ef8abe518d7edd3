//! Finite-difference checks: every layer, activation and loss on its own, then whole networks
//! of several shapes, seeds, activations and both tasks. Max relative error ≤ 1e−6.

use backprop::inspect::gradcheck::{gradient_check, relative_error};
use backprop::{
    Activation, ActivationLayer, Affine, DatasetKind, Feature, LossLayer, Network, NetworkSpec,
    Output, Samples, Task,
};
use backprop::{Stream, rng_for};
use ndarray::{Array1, Array2};
use rand::RngExt;

const H: f64 = 1e-6;
const TOL: f64 = 1e-6;

fn random(shape: (usize, usize), seed: u32) -> Array2<f64> {
    let mut rng = rng_for(seed, Stream::Data);
    Array2::from_shape_simple_fn(shape, || rng.random_range(-2.0..2.0))
}

/// Numerical ∂f/∂a for a scalar function f of a matrix.
fn numeric(a: &Array2<f64>, mut f: impl FnMut(&Array2<f64>) -> f64) -> Array2<f64> {
    let mut g = Array2::zeros(a.raw_dim());
    for idx in 0..a.len() {
        let (i, j) = (idx / a.ncols(), idx % a.ncols());
        let mut p = a.clone();
        p[[i, j]] += H;
        let plus = f(&p);
        p[[i, j]] -= 2.0 * H;
        let minus = f(&p);
        g[[i, j]] = (plus - minus) / (2.0 * H);
    }
    g
}

#[track_caller]
fn assert_grad(name: &str, analytic: &Array2<f64>, numerical: &Array2<f64>) {
    for (a, n) in analytic.iter().zip(numerical) {
        let e = relative_error(*a, *n);
        assert!(
            e <= TOL,
            "{name}: backprop {a} vs numerical {n}, relative error {e}"
        );
    }
}

/// A fixed random "upstream gradient" G makes any layer output Y scalar: L = Σ G ⊙ Y,
/// so ∂L/∂Y = G and backward(G) must equal the numerical ∂L/∂input.
fn weighted_sum(y: &Array2<f64>, g: &Array2<f64>) -> f64 {
    (y * g).sum()
}

#[test]
fn affine_dx_dw_db() {
    let x = random((4, 3), 1);
    let w = random((3, 5), 2);
    let b = Array1::from_iter(random((1, 5), 3));
    let g = random((4, 5), 4);
    let mut layer = Affine::new(w.clone(), b.clone());
    layer.forward(&x);
    let dx = layer.backward(&g);
    // dx = δ·Wᵀ
    assert_grad(
        "dx",
        &dx,
        &numeric(&x, |x| {
            weighted_sum(&Affine::new(w.clone(), b.clone()).apply(x), &g)
        }),
    );
    // dW = xᵀ·δ
    assert_grad(
        "dW",
        &layer.dw,
        &numeric(&w, |w| {
            weighted_sum(&Affine::new(w.clone(), b.clone()).apply(&x), &g)
        }),
    );
    // db = Σ_rows δ
    let b2 = b.clone().insert_axis(ndarray::Axis(0));
    let db = layer.db.clone().insert_axis(ndarray::Axis(0));
    assert_grad(
        "db",
        &db,
        &numeric(&b2, |b| {
            weighted_sum(&Affine::new(w.clone(), b.row(0).to_owned()).apply(&x), &g)
        }),
    );
}

#[test]
fn every_activation_backward() {
    for &act in Activation::ALL {
        // Keep inputs away from ReLU's kink at 0, where the derivative is undefined.
        let u = random((3, 4), 5).mapv(|v| if v.abs() < 0.05 { v + 0.1 } else { v });
        let g = random((3, 4), 6);
        let mut layer = ActivationLayer::new(act);
        layer.forward(&u);
        let du = layer.backward(g.clone());
        let num = numeric(&u, |u| {
            let mut l = ActivationLayer::new(act);
            weighted_sum(l.forward(u), &g)
        });
        assert_grad(act.name(), &du, &num);
    }
}

#[test]
fn softmax_with_loss_backward_is_y_minus_t_over_n() {
    let u = random((5, 3), 7);
    let mut t = Array2::zeros((5, 3));
    for i in 0..5 {
        t[[i, i % 3]] = 1.0;
    }
    let mut loss = LossLayer::new(Output::Softmax);
    loss.forward(&u, &t);
    let du = loss.backward();
    assert_grad(
        "softmax-with-loss",
        &du,
        &numeric(&u, |u| LossLayer::new(Output::Softmax).forward(u, &t)),
    );
}

#[test]
fn mse_backward_is_y_minus_t_over_n() {
    let u = random((6, 1), 8);
    let t = random((6, 1), 9);
    let mut loss = LossLayer::new(Output::Linear);
    loss.forward(&u, &t);
    assert_grad(
        "mse",
        &loss.backward(),
        &numeric(&u, |u| LossLayer::new(Output::Linear).forward(u, &t)),
    );
}

fn check_network(
    hidden: &[usize],
    activation: Activation,
    dataset: DatasetKind,
    features: &[Feature],
    seed: u32,
) {
    let spec = NetworkSpec {
        features: features.to_vec(),
        hidden: hidden.to_vec(),
        activation,
        task: dataset.task(),
    };
    let net = Network::new(&spec, &mut rng_for(seed, Stream::Init)).unwrap();
    let data = dataset.generate(12, 0.1, &mut rng_for(seed, Stream::Data));
    let s = Samples::new(&net, &data);
    let check = gradient_check(&net, &s.x, &s.t).unwrap();
    assert_eq!(check.params.len(), net.parameter_count());
    assert_eq!(check.forward_passes, 4 * net.parameter_count());
    assert!(
        check.max_relative_error <= TOL,
        "{hidden:?} {activation} {dataset} seed {seed}: max relative error {} at {:?}",
        check.max_relative_error,
        check
            .params
            .iter()
            .max_by(|a, b| a.relative_error.total_cmp(&b.relative_error))
    );
}

#[test]
fn whole_networks_classification() {
    let f2 = [Feature::X1, Feature::X2];
    let all = Feature::ALL;
    for (seed, act) in [
        (1, Activation::Tanh),
        (2, Activation::Sigmoid),
        (3, Activation::Relu),
        (4, Activation::Linear),
    ] {
        check_network(&[], act, DatasetKind::Circle, &f2, seed);
        check_network(&[3], act, DatasetKind::Xor, &f2, seed);
        check_network(&[8, 8], act, DatasetKind::Spiral, all, seed);
        check_network(&[4, 3, 5], act, DatasetKind::Spiral3, &f2, seed);
        check_network(&[8; 6], act, DatasetKind::Blobs4, &f2, seed);
    }
}

#[test]
fn whole_networks_regression() {
    let f = [Feature::X1, Feature::X2, Feature::X1X2];
    for (seed, act) in [
        (5, Activation::Tanh),
        (6, Activation::Sigmoid),
        (7, Activation::Relu),
        (8, Activation::Linear),
    ] {
        check_network(&[], act, DatasetKind::Plane, &f, seed);
        check_network(&[5, 2], act, DatasetKind::Bumps, &f, seed);
        check_network(&[8; 6], act, DatasetKind::Bumps, Feature::ALL, seed);
    }
}

#[test]
fn trace_gradients_agree_with_finite_differences() {
    // The inspector's per-sample gradients are the same numbers the gradient check verifies.
    for (act, dataset) in [
        (Activation::Relu, DatasetKind::Xor),
        (Activation::Tanh, DatasetKind::Spiral3),
        (Activation::Sigmoid, DatasetKind::Plane),
        (Activation::Linear, DatasetKind::Bumps),
        (Activation::Relu, DatasetKind::Plane),
        (Activation::Sigmoid, DatasetKind::Blobs4),
        (Activation::Tanh, DatasetKind::Bumps),
        (Activation::Linear, DatasetKind::Circle),
    ] {
        let spec = NetworkSpec {
            features: vec![Feature::X1, Feature::X2],
            hidden: vec![4, 3],
            activation: act,
            task: dataset.task(),
        };
        let net = Network::new(&spec, &mut rng_for(11, Stream::Init)).unwrap();
        let point = [1.3, -0.7];
        let label = if dataset.task() == Task::Regression {
            0.4
        } else {
            1.0
        };
        let tr = backprop::trace(&net, point, label);
        let s = Samples::new(
            &net,
            &backprop::Dataset {
                points: vec![point],
                labels: vec![label],
            },
        );
        let check = gradient_check(&net, &s.x, &s.t).unwrap();
        let mut k = 0;
        for l in &tr.layers {
            for v in l.dw.iter().flatten().chain(&l.db) {
                assert!(
                    relative_error(*v, check.params[k].numerical) <= TOL,
                    "{act} {}: {v} vs {}",
                    check.params[k].name,
                    check.params[k].numerical
                );
                k += 1;
            }
        }
        assert_eq!(k, net.parameter_count());
    }
}
