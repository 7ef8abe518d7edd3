//! Property tests: arbitrary configs, shapes, values (NaN, ±∞, 0, huge, negative) and texts
//! never panic the core — each call returns a value or a clean error, and a session that
//! rejected something still works.

use backprop::{
    Activation, Config, Dataset, DatasetKind, Feature, Grid, Hyper, Network, OptimizerKind,
    ParamId, Regularization, Session, Task, trace,
};
use proptest::prelude::*;

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(1e308),
        Just(-1e308),
        Just(f64::MIN_POSITIVE),
        -10.0..10.0f64,
        any::<f64>(),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (
        (
            prop::sample::select(DatasetKind::ALL.to_vec()),
            // Mostly valid values (so that sessions get built and driven), sometimes anything.
            prop_oneof![1 => Just(0usize), 12 => 1..300usize, 1 => Just(10_000), 1 => Just(10_001), 1 => Just(usize::MAX)],
            prop_oneof![9 => 0.0..=0.5f64, 1 => any_f64()],
            prop_oneof![9 => 0.1..=0.9f64, 1 => any_f64()],
            any::<u32>(),
        ),
        (
            prop_oneof![
                9 => prop::sample::subsequence(Feature::ALL.to_vec(), 1..=7),
                1 => prop::collection::vec(prop::sample::select(Feature::ALL.to_vec()), 0..9),
            ],
            prop_oneof![9 => prop::collection::vec(1usize..=8, 0..=6), 1 => prop::collection::vec(0usize..12, 0..9)],
            prop::sample::select(Activation::ALL.to_vec()),
        ),
        (
            prop_oneof![9 => 1e-4..=10.0f64, 1 => any_f64()],
            prop_oneof![1 => Just(0usize), 9 => 1..300usize, 1 => Just(usize::MAX)],
            prop::sample::select(OptimizerKind::ALL.to_vec()),
            prop::sample::select(Regularization::ALL.to_vec()),
            prop_oneof![9 => 0.0..=1.0f64, 1 => any_f64()],
        ),
    )
        .prop_map(|((dataset, points, noise, train_ratio, seed), (features, hidden, activation), (lr, batch, opt, reg, rate))| Config {
            dataset,
            points,
            noise,
            train_ratio,
            seed,
            features,
            hidden,
            activation,
            hyper: Hyper { learning_rate: lr, batch_size: batch, optimizer: opt, regularization: reg, regularization_rate: rate },
        })
}

fn param_name() -> impl Strategy<Value = String> {
    prop_oneof![
        (0usize..9, 0usize..10, 0usize..10).prop_map(|(l, i, j)| format!("W{l}[{i}][{j}]")),
        (0usize..9, 0usize..10).prop_map(|(l, j)| format!("b{l}[{j}]")),
        ".{0,20}",
    ]
}

/// The strategy must mostly make valid configs, or the first property would only ever test
/// rejection.
#[test]
fn most_generated_configs_are_valid() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let valid = (0..200)
        .filter(|_| {
            config()
                .new_tree(&mut runner)
                .unwrap()
                .current()
                .validate()
                .is_ok()
        })
        .count();
    assert!(
        valid >= 40,
        "only {valid} of 200 generated configs are valid"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn sessions_never_panic(config in config(), point in (any_f64(), any_f64()), label in any_f64(),
                            name in param_name(), value in any_f64(), grid in 0usize..40, hyper_lr in any_f64()) {
        let Ok(mut s) = Session::new(config.clone()) else {
            prop_assert!(config.validate().is_err(), "rejected a valid config");
            return Ok(());
        };
        prop_assert!(config.validate().is_ok());
        s.step(1);
        let m = s.latest();
        prop_assert_eq!(m.epoch, 1);
        let mut g = Grid::new(grid, s.network().features());
        let eval = g.evaluate(s.network());
        let out = eval.output();
        prop_assert_eq!(out.values.len(), out.width * grid.clamp(1, 512).pow(2));
        // Hand edits: rejected ones change nothing.
        let before = s.data().len();
        match s.add_point([point.0, point.1], label) {
            Ok(()) => prop_assert_eq!(s.data().len(), before + 1),
            Err(_) => prop_assert_eq!(s.data().len(), before),
        }
        let _ = s.remove_nearest([point.0, point.1], value.abs());
        if let Ok(id) = name.parse::<ParamId>() {
            // Compared by bits: a diverged run may hold NaN weights, and NaN != NaN.
            let old = s.network().param(id).map(f64::to_bits);
            if s.set_param(id, value).is_err() {
                prop_assert_eq!(s.network().param(id).map(f64::to_bits), old);
            }
        }
        let h = s.config().hyper;
        if s.set_hyper(Hyper { learning_rate: hyper_lr, ..h }).is_err() {
            prop_assert_eq!(s.config().hyper, h);
        }
        let one = Dataset { points: vec![[point.0, point.1]], labels: vec![label] };
        if one.validate(s.task()).is_ok() {
            let t = trace(s.network(), [point.0, point.1], label);
            prop_assert_eq!(t.layers.len(), s.network().layers().len());
        }
        s.step(2);
        s.clear_data();
        s.step(1);
        prop_assert_eq!(s.latest().epoch, 4);
    }

    #[test]
    fn texts_never_panic(text in ".{0,400}", task in prop_oneof![Just(Task::Regression), (2usize..9).prop_map(|classes| Task::Classification { classes })]) {
        let _ = Network::from_json(&text);
        let _ = Dataset::from_csv(&text, task);
        let _ = text.parse::<ParamId>();
        let _ = text.parse::<Task>();
        let _ = backprop::data::features::parse_list(&text);
        let csv = format!("x1,x2,label\n{text}");
        if let Ok(d) = Dataset::from_csv(&csv, task) {
            prop_assert!(d.validate(task).is_ok());
        }
    }

    #[test]
    fn model_files_of_any_shape_load_or_explain(
        widths in prop::collection::vec(0usize..11, 1..10),
        values in prop::collection::vec(prop_oneof![Just(1e300), Just(-1e300), Just(1e6), Just(-1e6), Just(0.0), -3.0..3.0f64], 1..50),
        features in prop::collection::vec(prop::sample::select(vec!["x1", "x2", "x1^2", "sin(x2)", "x9", ""]), 0..4),
        activation in prop::sample::select(vec!["relu", "tanh", "sigmoid", "linear", "constructor", "__proto__"]),
        output in prop::sample::select(vec!["softmax", "linear", "toString"]),
    ) {
        let mut layers = Vec::new();
        let mut k = 0usize;
        let mut inputs = features.len();
        for &o in &widths {
            let weights: Vec<Vec<f64>> = (0..inputs).map(|_| (0..o).map(|_| { k += 1; values[k % values.len()] }).collect()).collect();
            layers.push(serde_json::json!({"weights": weights, "bias": vec![0.5; o]}));
            inputs = o;
        }
        let text = serde_json::json!({"format": "backprop-playground/model@1", "features": features, "activation": activation, "output": output, "layers": layers}).to_string();
        match Network::from_json(&text) {
            Ok(net) => {
                // Whatever loads, runs: huge weights give saturated, never NaN, outputs.
                let x = backprop::data::features::transform(net.features(), &[[1.0, -2.0], [5.0, 5.0]]);
                let y = net.predict(&x);
                prop_assert!(y.iter().all(|v| !v.is_nan()) || net.output() == backprop::Output::Linear);
                prop_assert_eq!(Network::from_json(&net.to_json()).map(|n| n.to_model()).ok(), Some(net.to_model()));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
