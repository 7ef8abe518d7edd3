//! The article's 2-3-2 worked example (section 4), against `tests/fixtures/article-example.json`,
//! whose numbers were recomputed in float64 from the article's own code.

use backprop::{
    Activation, Affine, Feature, Hyper, Network, OptimizerKind, Output, Trainer, trace,
};
use ndarray::{Array1, Array2, array};
use serde_json::Value;

const FIXTURE: &str = include_str!("../../../tests/fixtures/article-example.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("fixture is valid JSON")
}

fn matrix(v: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = serde_json::from_value(v.clone()).unwrap();
    let (r, c) = (rows.len(), rows[0].len());
    Array2::from_shape_vec((r, c), rows.into_iter().flatten().collect()).unwrap()
}

fn vector(v: &Value) -> Vec<f64> {
    serde_json::from_value(v.clone()).unwrap()
}

fn article_network() -> Network {
    let f = fixture();
    let n = &f["network"];
    Network::from_layers(
        vec![Feature::X1, Feature::X2],
        vec![
            Affine::new(matrix(&n["W1"]), Array1::from(vector(&n["b1"]))),
            Affine::new(matrix(&n["W2"]), Array1::from(vector(&n["b2"]))),
        ],
        Activation::Relu,
        Output::Softmax,
    )
    .unwrap()
}

/// Plain gradient descent at learning rate `lr`, one sample per step: the article's rule.
fn article_sgd(net: Network, lr: f64) -> Trainer {
    let hyper = Hyper {
        learning_rate: lr,
        batch_size: 1,
        optimizer: OptimizerKind::Sgd,
        ..Hyper::default()
    };
    Trainer::new(net, hyper, backprop::rng_for(0, backprop::Stream::Shuffle)).unwrap()
}

#[track_caller]
fn assert_close(name: &str, got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{name}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol,
            "{name}[{i}]: got {g}, want {w} (tolerance {tol})"
        );
    }
}

fn flat(v: &Value) -> Vec<f64> {
    matrix(v).iter().copied().collect()
}

#[test]
fn the_cores_article_module_holds_the_fixtures_network_and_sample() {
    let f = fixture();
    let core = backprop::article::network().unwrap();
    let fix = article_network();
    for (a, b) in core.layers().iter().zip(fix.layers()) {
        assert_eq!(a.w, b.w);
        assert_eq!(a.b, b.b);
    }
    assert_eq!(backprop::article::X.to_vec(), flat(&f["x"]));
    assert_eq!(backprop::article::T.to_vec(), flat(&f["t"]));
    assert_eq!(
        backprop::article::LEARNING_RATE,
        f["learning_rate"].as_f64().unwrap()
    );
}

#[test]
fn forward_values_match_the_article() {
    let f = fixture();
    let tr = trace(&article_network(), [5.0, 1.0], 1.0);
    assert_close("x", &tr.x, &flat(&f["x"]), 0.0);
    assert_close("t", &tr.t, &[0.0, 1.0], 0.0);
    // u1 = x·W1 + b1 = (5·0.1 + 1·0.2 + 0.1, …) = (0.8, 2.1, 3.4)
    assert_close("u1", &tr.layers[0].u, &flat(&f["forward"]["u1"]), 1e-9);
    // z1 = relu(u1) = u1 (all positive)
    assert_close("z1", &tr.layers[0].z, &flat(&f["forward"]["z1"]), 1e-9);
    // u2 = z1·W2 + b2 = (1.62, 3.61)
    assert_close("u2", &tr.layers[1].u, &flat(&f["forward"]["u2"]), 1e-9);
    // y = softmax(u2)
    assert_close("y", &tr.y, &flat(&f["forward"]["y"]), 1e-9);
    // L = −ln y₁; the article's printed value adds 1e−7 inside the log: both agree to 1e−6.
    let exact = f["forward"]["loss_exact"].as_f64().unwrap();
    let printed = f["forward"]["loss_as_printed_in_article"].as_f64().unwrap();
    assert!(
        (tr.loss - exact).abs() < 1e-12,
        "loss {} vs exact {exact}",
        tr.loss
    );
    assert!(
        (tr.loss - printed).abs() < 1e-6,
        "loss {} vs printed {printed}",
        tr.loss
    );
}

#[test]
fn gradients_match_the_article() {
    let f = fixture();
    let g = &f["gradients"];
    let tr = trace(&article_network(), [5.0, 1.0], 1.0);
    // δ2 = y − t (Softmax-with-Loss, N = 1)
    assert_close("delta2", &tr.layers[1].delta, &flat(&g["delta2"]), 1e-9);
    // dW2 = z1ᵀ·δ2 : (3×1)·(1×2) = (3×2)
    assert_close("dW2", &tr.layers[1].dw.concat(), &flat(&g["dW2"]), 1e-9);
    // db2 = Σ δ2
    assert_close("db2", &tr.layers[1].db, &vector(&g["db2"]), 1e-9);
    // δ1 = δ2·W2ᵀ ⊙ relu′(z1)
    assert_close("delta1", &tr.layers[0].delta, &flat(&g["delta1"]), 1e-9);
    // dW1 = xᵀ·δ1 : (2×1)·(1×3) = (2×3)
    assert_close("dW1", &tr.layers[0].dw.concat(), &flat(&g["dW1"]), 1e-9);
    assert_close("db1", &tr.layers[0].db, &vector(&g["db1"]), 1e-9);
    // ∂L/∂z1 = δ2·W2ᵀ equals δ1 here because every u1 > 0 (ReLU passes it through).
    assert_close("dz1", &tr.layers[0].dz, &flat(&g["delta1"]), 1e-9);
}

#[test]
fn one_sgd_step_is_w_minus_lr_times_dw() {
    let f = fixture();
    let lr = f["learning_rate"].as_f64().unwrap();
    let mut trainer = article_sgd(article_network(), lr);
    trainer.step_batch(&array![[5.0, 1.0]], &array![[0.0, 1.0]]);
    let w1 = matrix(&f["network"]["W1"]) - lr * matrix(&f["gradients"]["dW1"]);
    let w2 = matrix(&f["network"]["W2"]) - lr * matrix(&f["gradients"]["dW2"]);
    let layers = trainer.network.layers();
    assert_close(
        "W1 after",
        layers[0].w.as_slice().unwrap(),
        w1.as_slice().unwrap(),
        1e-15,
    );
    assert_close(
        "W2 after",
        layers[1].w.as_slice().unwrap(),
        w2.as_slice().unwrap(),
        1e-15,
    );
}

#[test]
fn the_update_preview_is_one_sgd_step() {
    let net = article_network();
    let tr = trace(&net, [5.0, 1.0], 1.0);
    let after = tr.updated(&net, 0.01);
    let mut trainer = article_sgd(net, 0.01);
    trainer.step_batch(&array![[5.0, 1.0]], &array![[0.0, 1.0]]);
    for (l, (layer, want)) in trainer.network.layers().iter().zip(&after).enumerate() {
        assert_close(
            &format!("W{} after", l + 1),
            layer.w.as_slice().unwrap(),
            &want.weights.concat(),
            1e-15,
        );
        assert_close(
            &format!("b{} after", l + 1),
            layer.b.as_slice().unwrap(),
            &want.bias,
            1e-15,
        );
    }
    // W1[0][0] = 0.1 − 0.01·(−0.18038529370162598)
    assert!((after[0].weights[0][0] - (0.1 + 0.01 * 0.18038529370162598)).abs() < 1e-15);
}

#[test]
fn hundred_steps_then_x_1_5_is_class_1() {
    // The article trains 100 steps at lr 0.01 and then evaluates x = (1, 5), t = (0, 1). We
    // recompute the forward pass every step (the article's loop reuses the first one), so the
    // weights differ from its table, but the result it shows holds: class 1, loss near 0.
    let mut trainer = article_sgd(article_network(), 0.01);
    let (x, t) = (array![[5.0, 1.0]], array![[0.0, 1.0]]);
    let first = trainer.step_batch(&x, &t);
    let mut last = first;
    for _ in 1..100 {
        let l = trainer.step_batch(&x, &t);
        assert!(
            l <= last + 1e-15,
            "loss must fall monotonically on one sample: {l} after {last}"
        );
        last = l;
    }
    assert!(last < first / 2.0, "loss {first} → {last}");
    // Golden numbers: the same 100 steps in plain float64 Python, forward recomputed each step.
    let layers = trainer.network.layers();
    assert_close(
        "W1 after 100",
        layers[0].w.as_slice().unwrap(),
        &[
            0.16805114965416063,
            0.37861428322098856,
            0.5891774167878155,
            0.2136102299308321,
            0.415722856644198,
            0.6178354833575629,
        ],
        1e-12,
    );
    assert_close(
        "b2 after 100",
        layers[1].b.as_slice().unwrap(),
        &[0.059539700694889154, 0.240460299305111],
        1e-12,
    );
    let tr = trace(&trainer.network, [1.0, 5.0], 1.0);
    assert_close(
        "y(1, 5)",
        &tr.y,
        &[0.01266127352760602, 0.987338726472394],
        1e-12,
    );
    assert!(
        (tr.loss - 0.012742110508865452).abs() < 1e-12,
        "loss on (1, 5) = {}",
        tr.loss
    );
}
