//! Prints tests/fixtures/seeded-run.json: what seed 7 gives natively (data, split, weights).
use backprop::{Config, DatasetKind, Session};
fn main() {
    let s = Session::new(Config {
        dataset: DatasetKind::Spiral,
        seed: 7,
        hidden: vec![3],
        noise: 0.2,
        ..Config::default()
    })
    .unwrap();
    let train: Vec<[f64; 3]> = s
        .train_set()
        .points
        .iter()
        .zip(&s.train_set().labels)
        .take(4)
        .map(|(p, l)| [p[0], p[1], *l])
        .collect();
    let w: Vec<f64> = s.network().layers()[0].w.iter().copied().collect();
    println!("{}", serde_json::to_string_pretty(&serde_json::json!({
        "about": "Made natively by `cargo run -p backprop --example golden` (x86_64): the config below must give these first train points (after the split) and these initial W1 in every build, wasm included (tolerance 1e-12 for libm differences in sin/cos/exp/ln).",
        "config": {"dataset": "spiral", "seed": 7, "hidden": [3], "noise": 0.2},
        "first_train_points": train,
        "W1": w,
    })).unwrap());
}
