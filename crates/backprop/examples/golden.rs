//! Prints tests/fixtures/seeded-run.json: what seed 7 gives natively (data, split, weights).
//! `cargo run -p backprop --example golden > tests/fixtures/seeded-run.json`
use backprop::{Config, Session};

fn main() {
    let config_json =
        serde_json::json!({"dataset": "spiral", "seed": 7, "hidden": [3], "noise": 0.2});
    let config: Config = serde_json::from_value(config_json.clone()).expect("a valid config");
    let s = Session::new(config).expect("a valid config");
    let train: Vec<[f64; 3]> = s
        .train_set()
        .points
        .iter()
        .zip(&s.train_set().labels)
        .take(4)
        .map(|(p, l)| [p[0], p[1], *l])
        .collect();
    let w: Vec<f64> = s.network().layers()[0].w.iter().copied().collect();
    let fixture = serde_json::json!({
        "about": "Made natively by `cargo run -p backprop --example golden` (x86_64): the config below must give these first train points (after the split) and these initial W1 in every build, wasm included (tolerance 1e-12 for libm differences in sin/cos/exp/ln).",
        "config": config_json,
        "first_train_points": train,
        "W1": w,
    });
    println!("{}", serde_json::to_string_pretty(&fixture).expect("JSON"));
}
