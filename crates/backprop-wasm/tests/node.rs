//! Every exported call of the binding, good and bad arguments, under node: bad arguments are
//! exceptions with a message (never aborts), and the handle still works afterwards.
#![cfg(target_arch = "wasm32")]

use backprop_wasm::{Playground, Thrown, wasm_memory};
use js_sys::{Float32Array, Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

/// Numbers as the page passes them (a `Float64Array`).
fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or(f64::NAN)
}

fn message<T>(r: Result<T, Thrown>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            let v: JsValue = e.into();
            get(&v, "message").as_string().unwrap_or_default()
        }
    }
}

fn small() -> Playground {
    Playground::new(obj(&[
        ("dataset", "xor".into()),
        ("hidden", js_sys::Array::of2(&3.into(), &2.into()).into()),
        ("seed", 11.into()),
    ]))
    .unwrap()
}

#[wasm_bindgen_test]
fn config_round_trips_and_defaults_fill_in() {
    let pg = small();
    let c = pg.config().unwrap();
    assert_eq!(get(&c, "dataset").as_string().unwrap(), "xor");
    assert_eq!(num(&c, "seed"), 11.0);
    assert_eq!(num(&c, "learningRate"), 0.03, "a default");
    assert_eq!(pg.layer_sizes(), vec![2, 3, 2, 2]);
    assert_eq!(pg.classes(), 2);
    assert_eq!(pg.feature_names(), vec!["x1".to_string(), "x2".to_string()]);
    // No seed given: a fresh one from getrandom, and it is reported.
    let a = Playground::new(JsValue::UNDEFINED).unwrap();
    let seed = num(&a.config().unwrap(), "seed");
    assert!(seed.is_finite() && seed >= 0.0);
}

#[wasm_bindgen_test]
fn bad_configs_are_exceptions_with_messages() {
    let cases: Vec<(JsValue, &str)> = vec![
        (
            obj(&[("hidden", js_sys::Array::of1(&9.into()).into())]),
            "hidden layer 1 must have 1 to 8 neurons",
        ),
        (
            obj(&[("activation", "constructor".into())]),
            "config: unknown activation \"constructor\" (expected one of relu, tanh, sigmoid, linear)",
        ),
        (obj(&[("learningRate", "abc".into())]), "config:"),
        (obj(&[("learningRate", f64::NAN.into())]), "learning rate"),
        (obj(&[("points", (-5).into())]), "config:"),
        (obj(&[("noise", 3.into())]), "noise must be in [0, 0.5]"),
        (
            obj(&[("features", js_sys::Array::new().into())]),
            "at least one input feature",
        ),
        (JsValue::from_str("spiral"), "config: expected an object"),
    ];
    for (config, want) in cases {
        let m = message(Playground::new(config));
        assert!(m.contains(want), "{m:?} should contain {want:?}");
    }
}

#[wasm_bindgen_test]
fn step_and_train_for_report_metrics() {
    let mut pg = small();
    let m0 = pg.metrics().unwrap();
    assert_eq!(num(&m0, "epoch"), 0.0);
    let m = pg.step(5.0).unwrap();
    assert_eq!(num(&m, "epoch"), 5.0);
    assert_eq!(num(&m, "epochsRun"), 5.0);
    assert!(num(&m, "trainAccuracy") >= 0.0);
    let h = pg.loss_history(-1.0).to_vec();
    assert_eq!(h.len(), 3 * 6, "epoch 0 and after each of the 5 steps");
    assert_eq!(h[15], 5.0);
    let m = pg.train_for(5.0, 3.0).unwrap();
    assert!((1.0..=3.0).contains(&num(&m, "epochsRun")));
    let h = pg.loss_history(6.0).to_vec();
    assert_eq!(h.len(), 3, "trainFor records once");
    assert_eq!(h[0], num(&m, "epoch"));
    assert_eq!(h[1], num(&m, "trainLoss"));
    assert_eq!(
        pg.loss_history(1e9).length(),
        0,
        "a start past the end is empty, not a panic"
    );
    assert!(message(pg.step(10_001.0)).contains("at most 10000"));
    assert!(message(pg.step(u32::MAX as f64)).contains("at most 10000"));
    assert!(message(pg.train_for(f64::NAN, 1.0)).contains("budgetMs"));
    assert!(message(pg.train_for(-1.0, 1.0)).contains("budgetMs"));
    assert_eq!(num(&pg.train_for(0.0, 0.0).unwrap(), "epochsRun"), 0.0);
}

#[wasm_bindgen_test]
fn params_one_at_a_time_and_as_a_whole() {
    let mut pg = small();
    let names = pg.param_names();
    assert_eq!(names.len(), 2 * 3 + 3 + 3 * 2 + 2 + 2 * 2 + 2);
    assert_eq!(names[0], "W1[0][0]");
    let all = pg.params().to_vec();
    assert_eq!(all.len(), names.len());
    assert_eq!(pg.param(JsValue::from("W1[0][0]")).unwrap(), all[0]);
    pg.set_param(JsValue::from("W1[0][0]"), 1.5).unwrap();
    assert_eq!(pg.param(JsValue::from("W1[0][0]")).unwrap(), 1.5);
    for (name, v, want) in [
        ("W9[0][0]", 1.0, "there is no layer 9"),
        ("W1[5][0]", 1.0, "layer 1 is 2×3"),
        ("nonsense", 1.0, "bad parameter name"),
        ("b1[0]", f64::NAN, "not a finite number"),
        ("b1[0]", f64::INFINITY, "not a finite number"),
    ] {
        assert!(
            message(pg.set_param(JsValue::from(name), v)).contains(want),
            "{name}"
        );
    }
    assert_eq!(
        pg.param(JsValue::from("W1[0][0]")).unwrap(),
        1.5,
        "rejected values change nothing"
    );
    let mut twice: Vec<f64> = all.iter().map(|v| v * 2.0).collect();
    pg.set_params(f64s(&twice)).unwrap();
    assert_eq!(pg.params().to_vec(), twice);
    assert!(message(pg.set_params(f64s(&twice[1..]))).contains("expected"));
    twice[3] = f64::NAN;
    assert!(message(pg.set_params(f64s(&twice))).contains("W1[1][0]: NaN is not a finite number"));
    assert_eq!(
        pg.params().to_vec()[3],
        all[3] * 2.0,
        "checked whole before any change"
    );
}

#[wasm_bindgen_test]
fn hyper_changes_live_and_rejects_bad_values() {
    let mut pg = small();
    pg.step(2.0).unwrap();
    let before = pg.params().to_vec();
    pg.set_hyper(obj(&[
        ("learningRate", 0.3.into()),
        ("optimizer", "adam".into()),
    ]))
    .unwrap();
    let c = pg.config().unwrap();
    assert_eq!(num(&c, "learningRate"), 0.3);
    assert_eq!(get(&c, "optimizer").as_string().unwrap(), "adam");
    assert_eq!(num(&c, "batchSize"), 10.0, "untouched fields stay");
    assert_eq!(pg.params().to_vec(), before, "no reset");
    assert_eq!(num(&pg.metrics().unwrap(), "epoch"), 2.0);
    assert!(message(pg.set_hyper(obj(&[("learningRate", (-1).into())]))).contains("learning rate"));
    assert!(message(pg.set_hyper(obj(&[("optimizer", "rmsprop".into())]))).contains("hyper:"));
    assert!(message(pg.set_hyper(obj(&[("batchSize", 0.into())]))).contains("batch size"));
    assert_eq!(
        num(&pg.config().unwrap(), "learningRate"),
        0.3,
        "last good value kept"
    );
}

#[wasm_bindgen_test]
fn reset_restarts_or_reconfigures() {
    let mut pg = small();
    let initial = pg.params().to_vec();
    pg.step(3.0).unwrap();
    pg.reset(JsValue::UNDEFINED).unwrap();
    assert_eq!(
        pg.params().to_vec(),
        initial,
        "same seed, same initial weights"
    );
    assert_eq!(num(&pg.metrics().unwrap(), "epoch"), 0.0);
    pg.reset(obj(&[("dataset", "spiral3".into()), ("seed", 2.into())]))
        .unwrap();
    assert_eq!(pg.classes(), 3);
    assert!(
        message(pg.reset(obj(&[("hidden", js_sys::Array::of1(&0.into()).into())])))
            .contains("neurons")
    );
    assert_eq!(pg.classes(), 3, "a bad reset changes nothing");
}

/// Layer `l` of an `evaluateGrid` layout: a node-major f32 plane (node j at cell i is
/// element `j·cells + i`).
fn layer_view(layout: &[u32], l: usize, cells: u32) -> Float32Array {
    let memory: js_sys::WebAssembly::Memory = wasm_memory().unchecked_into();
    Float32Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        layout[2 * l],
        cells * layout[2 * l + 1],
    )
}

#[wasm_bindgen_test]
fn grid_is_read_through_a_view_of_wasm_memory() {
    let mut pg = small();
    let layout = pg.evaluate_grid(50.0).unwrap();
    let widths: Vec<u32> = layout.chunks(2).map(|p| p[1]).collect();
    assert_eq!(widths, pg.layer_sizes(), "one (ptr, width) pair per layer");
    let n = 2500;
    let features = layer_view(&layout, 0, n);
    // Cell 0 is the top-left: x1 = −6 + 0.5·12/50, x2 = 6 − 0.12 (each feature's plane in
    // turn: x1 at cell 0 is element 0, x2 at cell 0 element n; f32).
    assert!((features.get_index(0) as f64 + 6.0 - 0.12).abs() < 1e-6);
    assert!((features.get_index(n) as f64 - 6.0 + 0.12).abs() < 1e-6);
    // Each cell's class probabilities sum to 1 and equal predict() at the cell's centre, to
    // display precision: the grid's network pass is in f32 (predict() is f64); 1e−5 is far
    // below a colour step (1/127.5).
    let out = layer_view(&layout, 3, n);
    let at = |j: u32, i: u32| out.get_index(j * n + i) as f64;
    for i in [0u32, 777, 2499] {
        let s = at(0, i) + at(1, i);
        assert!((s - 1.0).abs() < 1e-5, "probabilities sum to 1: {s}");
    }
    let p = pg.predict(-6.0 + 0.12, 6.0 - 0.12).unwrap();
    let d = (p[0] - at(0, 0)).abs();
    assert!(d < 1e-5, "the grid's cell 0 vs predict: {d}");
    // Cell 2499 (bottom right, x1 = 6 − 0.12, x2 = −6 + 0.12) too: the last block is whole.
    let p = pg.predict(6.0 - 0.12, -6.0 + 0.12).unwrap();
    assert!((p[1] - at(1, 2499)).abs() < 1e-5);
    // The buffers are reused: a second pass at the same size returns the same places.
    assert_eq!(pg.evaluate_grid(50.0).unwrap(), layout);
    assert!(message(pg.evaluate_grid(0.0)).contains("grid size"));
    assert!(message(pg.evaluate_grid(513.0)).contains("grid size"));
    assert!(message(pg.predict(f64::NAN, 0.0)).contains("not finite"));
}

/// Every node of every layer of the f32 grid, at the cells of whole and partial blocks of
/// four, against the exact f64 values of the same point through the network (the trace's z
/// for the hidden layers, predict for the output): to display precision, 1e−5. The widths 3
/// and 2 of `small()` take the padded eight-wide loop and the unrolled two-wide one.
#[wasm_bindgen_test]
fn every_layer_of_the_grid_matches_the_trace_at_its_cells() {
    let mut pg = small();
    pg.step(20.0).unwrap();
    let size = 7u32; // 49 cells: twelve whole blocks of four and one of a single cell
    let layout = pg.evaluate_grid(size as f64).unwrap();
    let n = size * size;
    let step = 12.0 / size as f64;
    for cell in [0u32, 1, 2, 3, 4, 5, 6, 7, 25, 47, 48] {
        let (r, c) = ((cell / size) as f64, (cell % size) as f64);
        let (x1, x2) = (-6.0 + (c + 0.5) * step, 6.0 - (r + 0.5) * step);
        let tr = pg.trace(x1, x2, 0.0).unwrap();
        let layers = get(&tr, "layers");
        let mut want: Vec<Vec<f64>> = (0..2)
            .map(|l| {
                let z = get(&Reflect::get(&layers, &JsValue::from(l)).unwrap(), "z");
                let z: js_sys::Array = z.dyn_into().unwrap();
                z.iter().map(|v| v.as_f64().unwrap()).collect()
            })
            .collect();
        want.push(pg.predict(x1, x2).unwrap());
        for (l, want) in want.iter().enumerate() {
            let view = layer_view(&layout, l + 1, n);
            let w = layout[2 * l + 3];
            assert_eq!(w as usize, want.len(), "layer {l} width");
            for (j, &v) in want.iter().enumerate() {
                let got = view.get_index(j as u32 * n + cell) as f64;
                assert!(
                    (got - v).abs() < 1e-5,
                    "cell {cell}, layer {l}, node {j}: {got} vs {v}"
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn points_trace_and_gradient_check() {
    let pg = small();
    let pts = pg.points().to_vec();
    assert_eq!(pts.len(), 4 * 500);
    let train = pts.chunks(4).filter(|p| p[3] == 1.0).count();
    assert_eq!(train, 250);
    let tr = pg.trace(1.0, -2.0, 1.0).unwrap();
    assert!(num(&tr, "loss") > 0.0);
    assert_eq!(
        Reflect::get(&get(&tr, "layers"), &JsValue::from(0))
            .map(|l| get(&l, "u"))
            .unwrap()
            .dyn_into::<js_sys::Array>()
            .unwrap()
            .length(),
        3
    );
    let gc = pg.gradient_check(1.0, -2.0, 1.0).unwrap();
    assert!(num(&gc, "maxRelativeError") < 1e-6);
    assert_eq!(
        num(&gc, "forwardPasses"),
        4.0 * pg.param_names().len() as f64
    );
    assert!(message(pg.trace(1.0, 2.0, 5.0)).contains("label: 5 is not a class index 0..1"));
    assert!(message(pg.gradient_check(1.0, f64::INFINITY, 0.0)).contains("not finite"));
}

#[wasm_bindgen_test]
fn model_and_csv_import_export() {
    let mut pg = small();
    let model = pg.export_model().unwrap();
    assert!(model.contains("backprop-playground/model@1"));
    let before = pg.params().to_vec();
    pg.step(3.0).unwrap();
    pg.import_model(JsValue::from(&model)).unwrap();
    assert_eq!(pg.params().to_vec(), before);
    assert!(message(pg.import_model(JsValue::from("{}"))).contains("file: not a model file"));
    assert!(
        message(pg.import_model(JsValue::from(&model.replace("\"tanh\"", "\"swish\""))))
            .contains("activation: unknown activation")
    );
    let regression = model.replace("\"softmax\"", "\"linear\"");
    assert!(message(pg.import_model(JsValue::from(&regression))).contains("output:"));
    let csv = pg.export_csv();
    assert!(
        csv.starts_with("x1,x2,label,split\n"),
        "every point with its set"
    );
    pg.import_csv(JsValue::from(
        "x1,x2,label\n1,1,0\n2,2,1\n-1,3,1\n-2,-2,0\n",
    ))
    .unwrap();
    assert_eq!(pg.points().length(), 16);
    // Up to 8 classes load (a fresh network for them); beyond is refused.
    assert!(
        message(pg.import_csv(JsValue::from("x1,x2,label\n1,1,8\n"))).contains("line 2: label: 8")
    );
    assert_eq!(pg.points().length(), 16, "a bad import keeps the data");
    assert!(
        Playground::preview(JsValue::from("spiral"), 100.0, 0.0)
            .unwrap()
            .length()
            == 300
    );
    assert!(
        message(Playground::preview(JsValue::from("moons"), 10.0, 0.0))
            .contains("unknown data set")
    );
    assert!(
        message(Playground::preview(JsValue::from("spiral"), 5000.0, 0.0)).contains("at most 2000")
    );
}

#[wasm_bindgen_test]
fn the_same_seed_gives_the_native_data_and_weights() {
    // tests/fixtures/seeded-run.json was made natively (x86_64).
    let f = js_sys::JSON::parse(include_str!("../../../tests/fixtures/seeded-run.json")).unwrap();
    let pg = Playground::new(get(&f, "config")).unwrap();
    let pts = pg.points().to_vec(); // train points first: [x1, x2, label, isTrain]
    let want = js_sys::Array::from(&get(&f, "first_train_points"));
    for i in 0..want.length() {
        let w = js_sys::Array::from(&want.get(i));
        for k in 0..3 {
            let (g, w) = (pts[4 * i as usize + k], w.get(k as u32).as_f64().unwrap());
            assert!((g - w).abs() < 1e-12, "point {i}[{k}]: {g} vs {w}");
        }
    }
    let params = pg.params().to_vec();
    let w1 = js_sys::Array::from(&get(&f, "W1"));
    for j in 0..w1.length() {
        let w = w1.get(j).as_f64().unwrap();
        assert!(
            (params[j as usize] - w).abs() < 1e-12,
            "W1 {j}: {} vs {w}",
            params[j as usize]
        );
    }
}

#[wasm_bindgen_test]
fn points_drawn_by_hand() {
    let mut pg = small();
    let n = pg.points().length();
    pg.add_point(5.5, 5.5, 1.0).unwrap();
    assert_eq!(pg.points().length(), n + 4);
    assert!(message(pg.add_point(0.0, 0.0, 7.0)).contains("label: 7 is not a class index 0..1"));
    assert!(message(pg.add_point(f64::NAN, 0.0, 1.0)).contains("x1: NaN"));
    assert_eq!(
        pg.remove_nearest(5.4, 5.4, 0.5).unwrap(),
        vec![5.5, 5.5, 1.0]
    );
    assert_eq!(
        pg.remove_nearest(100.0, 100.0, 0.5).unwrap(),
        Vec::<f64>::new()
    );
    assert!(message(pg.remove_nearest(0.0, 0.0, f64::NAN)).contains("radius"));
    assert!(message(pg.remove_nearest(0.0, 0.0, -1.0)).contains("radius"));
    pg.clear_data();
    assert_eq!(pg.points().length(), 0);
    let m = pg.step(2.0).unwrap();
    assert_eq!(
        num(&m, "epoch"),
        2.0,
        "training on no data is a no-op, not a crash"
    );
    assert!(get(&m, "diverged").is_falsy(), "no data is not divergence");
    pg.add_point(1.0, 1.0, 0.0).unwrap();
    pg.step(1.0).unwrap();
    assert!(num(&pg.metrics().unwrap(), "trainLoss").is_finite());
}

/// A seeded stream of hostile arguments thrown at every export; each call either works or
/// throws, and afterwards the handle still trains, predicts and evaluates its grid.
#[wasm_bindgen_test]
fn every_export_survives_hostile_arguments() {
    let mut pg = small();
    let floats = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        -1.0,
        1e300,
        -1e300,
        5e-324,
        3.5,
        1e6,
        7.0,
    ];
    let ints = [0u32, 1, 2, 7, 512, 513, 10_000, 10_001, u32::MAX];
    let names = [
        "",
        "W",
        "W1[0][0]",
        "W0[0][0]",
        "W99[0][0]",
        "b1[99]",
        "b2[1]",
        "W1[0][0]x",
        "__proto__",
        "constructor",
        "W1[4294967296][0]",
    ];
    let texts = [
        "",
        "{}",
        "[]",
        "null",
        "x1,x2,label",
        "x1,x2,label\n1,2,0",
        "x1,x2,label\nNaN,1,0",
        "\u{0}\u{1}\u{2}",
        "{\"format\":\"backprop-playground/model@1\"}",
    ];
    let values: Vec<JsValue> = vec![
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from(3),
        JsValue::from_str("spiral"),
        obj(&[("hidden", JsValue::from_str("8,8"))]),
        obj(&[("learningRate", JsValue::from(f64::INFINITY))]),
        obj(&[("batchSize", JsValue::from(-3))]),
        obj(&[("optimizer", JsValue::NULL)]),
        obj(&[("seed", JsValue::from(-1))]),
        obj(&[("features", js_sys::Array::of1(&"x9".into()).into())]),
        js_sys::Array::new().into(),
    ];
    let mut r = 12345u64;
    let mut next = |n: usize| {
        r = r
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (r >> 33) as usize % n
    };
    for _ in 0..600 {
        let f = floats[next(floats.len())];
        let g = floats[next(floats.len())];
        let i = ints[next(ints.len())];
        let name = names[next(names.len())];
        let text = texts[next(texts.len())];
        let v = values[next(values.len())].clone();
        let _ = match next(18) {
            0 => pg.set_param(JsValue::from(name), f).map(|_| ()),
            1 => pg.param(JsValue::from(name)).map(|_| ()),
            2 => pg.set_params(f64s(&[f, g])).map(|_| ()),
            3 => pg.set_hyper(v).map(|_| ()),
            4 => pg.reset(v).map(|_| ()),
            5 => pg.step(i.min(3) as f64).map(|_| ()),
            6 => pg.train_for(f, i.min(3) as f64).map(|_| ()),
            7 => pg.evaluate_grid(i as f64).map(|_| ()),
            8 => pg.predict(f, g).map(|_| ()),
            9 => pg.trace(f, g, f).map(|_| ()),
            10 => pg.gradient_check(f, g, g).map(|_| ()),
            11 => pg.import_model(JsValue::from(text)),
            12 => pg.import_csv(JsValue::from(text)),
            13 => pg.add_point(f, g, f),
            14 => pg.remove_nearest(f, g, g).map(|_| ()),
            15 => pg.train_sample(f, g, f, i.min(3) as f64).map(|_| ()),
            16 => Playground::preview(JsValue::from(name), i as f64, f).map(|_| ()),
            _ => Playground::new(v).map(|_| ()),
        };
        if next(50) == 0 {
            pg.clear_data();
        }
    }
    // Still a working handle.
    pg.reset(obj(&[("seed", 3.into())])).unwrap();
    let m = pg.step(2.0).unwrap();
    assert_eq!(num(&m, "epoch"), 2.0);
    assert!(num(&m, "trainLoss").is_finite());
    assert!(pg.predict(1.0, 1.0).unwrap().iter().all(|v| v.is_finite()));
    assert!(!pg.evaluate_grid(10.0).unwrap().is_empty());
}

fn array(v: &JsValue, key: &str) -> Vec<f64> {
    js_sys::Array::from(&get(v, key))
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

#[wasm_bindgen_test]
fn the_catalog_states_every_limit_and_default_from_the_core() {
    let c = Playground::catalog().unwrap();
    let limits = get(&c, "limits");
    for (key, want) in [
        ("maxHiddenLayers", 6.0),
        ("maxNeurons", 8.0),
        ("maxParam", 1e6),
        ("maxPoints", 10_000.0),
        ("minClasses", 2.0),
        ("maxClasses", 8.0),
        ("maxGrid", 512.0),
        ("maxEpochsPerCall", 10_000.0),
        ("maxHistory", 1024.0),
        ("maxModelBytes", 1_048_576.0),
        ("maxCsvRows", 10_000.0),
    ] {
        assert_eq!(num(&limits, key), want, "limits.{key}");
    }
    let square = get(&c, "inputSquare");
    assert_eq!((num(&square, "min"), num(&square, "max")), (-6.0, 6.0));
    let datasets = js_sys::Array::from(&get(&c, "datasets"));
    let first = datasets.get(0);
    assert_eq!(get(&first, "id").as_string().unwrap(), "circle");
    assert_eq!(num(&first, "classes"), 2.0);
    let kinds: Vec<(String, f64)> = datasets
        .iter()
        .map(|d| (get(&d, "id").as_string().unwrap(), num(&d, "classes")))
        .collect();
    assert!(kinds.contains(&("spiral3".into(), 3.0)));
    assert!(
        kinds.contains(&("plane".into(), 0.0)),
        "0 classes = regression"
    );
    let names = |key: &str| -> Vec<String> {
        js_sys::Array::from(&get(&c, key))
            .iter()
            .map(|v| v.as_string().unwrap())
            .collect()
    };
    assert_eq!(names("features")[..3], ["x1", "x2", "x1^2"]);
    assert_eq!(names("activations"), ["relu", "tanh", "sigmoid", "linear"]);
    assert_eq!(names("optimizers"), ["sgd", "momentum", "adam"]);
    assert_eq!(names("regularizations"), ["none", "l1", "l2"]);
    let settings = get(&c, "settings");
    let points = get(&settings, "points");
    assert_eq!(num(&points, "min"), 1.0);
    assert_eq!(num(&points, "max"), 10_000.0);
    assert_eq!(num(&points, "default"), 500.0);
    assert_eq!(get(&points, "integer").as_bool(), Some(true));
    for key in [
        "noise",
        "trainRatio",
        "seed",
        "learningRate",
        "batchSize",
        "regularizationRate",
    ] {
        let s = get(&settings, key);
        assert!(
            num(&s, "min") <= num(&s, "default") && num(&s, "default") <= num(&s, "max"),
            "settings.{key}"
        );
    }
    assert_eq!(
        get(&get(&settings, "learningRate"), "integer").as_bool(),
        Some(false)
    );
    // The defaults are a config object as config() shapes it, and a valid one.
    let defaults = get(&c, "defaults");
    assert_eq!(get(&defaults, "dataset").as_string().unwrap(), "circle");
    assert_eq!(num(&defaults, "learningRate"), 0.03);
    assert_eq!(array(&defaults, "hidden"), [4.0, 2.0]);
    let pg = Playground::new(defaults).unwrap();
    let c2 = pg.config().unwrap();
    assert_eq!(num(&c2, "batchSize"), 10.0);
    assert_eq!(num(&c2, "points"), num(&points, "default"));
}

#[wasm_bindgen_test]
fn the_article_example_comes_from_the_core_and_traces_to_the_articles_numbers() {
    let a = Playground::article_example().unwrap();
    assert_eq!(array(&a, "x"), [5.0, 1.0]);
    assert_eq!(array(&a, "t"), [0.0, 1.0]);
    assert_eq!(num(&a, "label"), 1.0);
    assert_eq!(num(&a, "learningRate"), 0.01);
    assert_eq!(num(&a, "steps"), 100.0);
    assert_eq!(array(&a, "probe"), [1.0, 5.0]);
    let config = get(&a, "config");
    assert_eq!(get(&config, "dataset").as_string().unwrap(), "gauss");
    assert_eq!(array(&config, "hidden"), [3.0]);
    assert_eq!(get(&config, "activation").as_string().unwrap(), "relu");
    assert_eq!(get(&config, "optimizer").as_string().unwrap(), "sgd");
    assert_eq!(num(&config, "batchSize"), 1.0);
    assert_eq!(num(&config, "learningRate"), 0.01);
    assert_eq!(num(&config, "seed"), 1.0);
    // The preset's config and the model go together: the model imports into it.
    let mut pg = Playground::new(config).unwrap();
    pg.import_model(JsValue::from(&get(&a, "model").as_string().unwrap()))
        .unwrap();
    assert_eq!(pg.layer_sizes(), vec![2, 3, 2]);
    assert_eq!(pg.param(JsValue::from("W1[0][1]")).unwrap(), 0.3);
    let tr = pg.trace(5.0, 1.0, 1.0).unwrap();
    let u1: Vec<f64> =
        js_sys::Array::from(&get(&js_sys::Array::from(&get(&tr, "layers")).get(0), "u"))
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
    for (got, want) in u1.iter().zip([0.8, 2.1, 3.4]) {
        assert!((got - want).abs() < 1e-12, "u1 = {u1:?}");
    }
    // The article's loop through the binding: after 100 steps, (1, 5) is class 1.
    pg.train_sample(5.0, 1.0, 1.0, 100.0).unwrap();
    let p = pg.predict(1.0, 5.0).unwrap();
    assert!((p[1] - 0.987338726472394).abs() < 1e-12, "{p:?}");
}

#[wasm_bindgen_test]
fn after_a_divergence_the_last_good_weights_can_be_restored() {
    let mut pg = Playground::new(obj(&[
        ("dataset", "plane".into()),
        ("learningRate", 10.into()),
        (
            "hidden",
            js_sys::Array::of3(&8.into(), &8.into(), &8.into()).into(),
        ),
        ("activation", "relu".into()),
        ("seed", 1.into()),
    ]))
    .unwrap();
    assert!(!pg.has_last_good(), "nothing trained yet");
    assert!(message(pg.restore_last_good()).contains("no last good weights"));
    let mut m = pg.metrics().unwrap();
    let mut calls = 0;
    while !get(&m, "diverged").is_truthy() {
        calls += 1;
        assert!(calls < 200, "the plane at lr 10 should diverge");
        m = pg.step(1.0).unwrap();
    }
    assert!(get(&pg.metrics().unwrap(), "diverged").is_truthy());
    assert!(pg.has_last_good());
    pg.restore_last_good().unwrap();
    let m = pg.metrics().unwrap();
    assert!(get(&m, "diverged").is_falsy());
    assert!(num(&m, "trainLoss").is_finite());
    assert!(
        pg.params()
            .to_vec()
            .iter()
            .all(|v| v.is_finite() && v.abs() <= 1e6)
    );
    // A new shape drops them.
    pg.reset(obj(&[("hidden", js_sys::Array::of1(&2.into()).into())]))
        .unwrap();
    assert!(!pg.has_last_good());
}

#[wasm_bindgen_test]
fn the_drawn_graph_the_landscape_and_slow_motion() {
    let mut pg = small();
    // The primitive trace: stages in flow order, its loss the layer-level trace's.
    let p = pg.primitive_trace(1.0, -2.0, 1.0).unwrap();
    let stages = js_sys::Array::from(&get(&p, "stages"));
    let kinds: Vec<String> = stages
        .iter()
        .map(|s| get(&s, "kind").as_string().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["affine", "tanh", "affine", "tanh", "affine", "loss"]
    );
    let tr = pg.trace(1.0, -2.0, 1.0).unwrap();
    assert_eq!(num(&p, "loss"), num(&tr, "loss"));
    for (x1, x2, label) in [
        (f64::NAN, 0.0, 0.0),
        (0.0, 0.0, 7.0),
        (0.0, f64::INFINITY, 1.0),
    ] {
        assert!(!message(pg.primitive_trace(x1, x2, label)).is_empty());
    }
    // The warm-up: z = (x + y)², ∂z/∂x = 2t.
    let w = Playground::warm_up(1.0, 2.0).unwrap();
    assert_eq!((num(&w, "z"), num(&w, "dzDx")), (9.0, 6.0));
    assert!(!message(Playground::warm_up(f64::NAN, 1.0)).is_empty());
    assert_eq!(
        message(Playground::warm_up(1.0, 1e200)),
        "y: 1e200 is out of range (|value| ≤ 1e6)"
    );
    // A saved run's progress: the epoch and the curve come back; bad ones are refused.
    {
        let mut run = Playground::new(JsValue::UNDEFINED).unwrap();
        run.step(12.0).unwrap();
        let curve = run.loss_history(0.0).to_vec();
        let mut again = Playground::new(run.config().unwrap()).unwrap();
        again.set_params(f64s(&run.params().to_vec())).unwrap();
        again.restore_progress(12.0, f64s(&curve)).unwrap();
        assert_eq!(num(&again.metrics().unwrap(), "epoch"), 12.0);
        assert_eq!(again.loss_history(0.0).to_vec().len(), curve.len());
        for (epoch, losses) in [
            (1.5, vec![]),
            (-1.0, vec![]),
            (f64::NAN, vec![]),
            (12.0, vec![1.0, 0.5]),
            (12.0, vec![20.0, 0.5, 0.5]),
        ] {
            assert!(
                !message(again.restore_progress(epoch, f64s(&losses))).is_empty(),
                "{epoch} {losses:?}"
            );
        }
        assert_eq!(num(&again.metrics().unwrap(), "epoch"), 12.0, "unchanged");
    }
    // The landscape: the middle is the training loss; bad arguments are refused. The
    // picture's map (f32, its middle exact) is within display precision of the exact one.
    let map = |picture| {
        let (a, b) = (JsValue::from("W1[0][0]"), JsValue::from("b2[0]"));
        pg.loss_landscape(a, b, 5.0, 0.5, None, None, picture)
            .unwrap()
            .to_vec()
    };
    let (grid, picture) = (map(None), map(Some(true)));
    assert_eq!(grid.len(), 25);
    assert_eq!(grid[12], num(&pg.metrics().unwrap(), "trainLoss"));
    assert_eq!(picture[12], grid[12], "the middle is exact");
    for (p, e) in picture.iter().zip(&grid) {
        assert!((p - e).abs() <= 1e-5 * e.abs().max(1.0), "{p} vs {e}");
    }
    assert_eq!(
        pg.loss_landscape(
            JsValue::from("W1[0][0]"),
            JsValue::NULL,
            3.0,
            0.5,
            None,
            None,
            None
        )
        .unwrap()
        .length(),
        3
    );
    // A few rows at a time: the same values, bit for bit.
    let mut rows = Vec::new();
    for (from, to) in [(Some(0), Some(2)), (Some(2), Some(3)), (Some(3), None)] {
        rows.extend(
            pg.loss_landscape(
                JsValue::from("W1[0][0]"),
                JsValue::from("b2[0]"),
                5.0,
                0.5,
                from.map(|v| v as f64),
                to.map(|v| v as f64),
                None,
            )
            .unwrap()
            .to_vec(),
        );
    }
    assert!(
        rows.iter()
            .zip(&grid)
            .all(|(a, b)| a.to_bits() == b.to_bits())
            && rows.len() == 25
    );
    for (from, to) in [
        (Some(5), None),
        (Some(2), Some(2)),
        (Some(4), Some(9)),
        (Some(u32::MAX), None),
    ] {
        assert!(
            !message(pg.loss_landscape(
                JsValue::from("W1[0][0]"),
                JsValue::from("b2[0]"),
                5.0,
                0.5,
                from.map(|v| v as f64),
                to.map(|v| v as f64),
                None
            ))
            .is_empty(),
            "rows {from:?}..{to:?}"
        );
    }
    for (a, b, n, span) in [
        ("W1[0][0]", None, 4, 1.0),
        ("W1[0][0]", Some("W1[0][0]"), 5, 1.0),
        ("x", None, 5, 1.0),
        ("W1[0][0]", None, 5, f64::NAN),
        ("W1[0][0]", None, u32::MAX, 1.0),
    ] {
        assert!(
            !message(pg.loss_landscape(
                JsValue::from(a),
                b.map_or(JsValue::NULL, JsValue::from),
                n as f64,
                span,
                None,
                None,
                None
            ))
            .is_empty(),
            "{a} {b:?} {n} {span}"
        );
    }
    assert_eq!(pg.train_gradient().length(), pg.params().length());
    // Slow motion: one mini-batch; the gradients of that batch; hidden activations per point.
    let m = pg.step_batch().unwrap();
    assert_eq!(num(&m, "batch"), 1.0);
    assert!(num(&m, "batches") >= 1.0);
    assert!(js_sys::Float64Array::new(&get(&m, "rows")).length() >= 1);
    assert!(pg.grads().to_vec().iter().any(|g| *g != 0.0));
    let points = pg.points().length() / 4;
    assert_eq!(pg.activations(1.0).unwrap().length(), points * 3);
    assert_eq!(pg.activations(2.0).unwrap().length(), points * 2);
    for l in [0, 3, u32::MAX] {
        assert!(!message(pg.activations(l as f64)).is_empty());
    }
}

/// An exception carries the core's code, its values and its places as data, beside the
/// English message: the page words it from its own tables, never by reading the English.
#[wasm_bindgen_test]
fn exceptions_carry_the_code_the_values_and_the_places() {
    let mut pg = small();
    let thrown: JsValue = pg
        .set_param(JsValue::from("W1[0][0]"), f64::NAN)
        .unwrap_err()
        .into();
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("notFinite")
    );
    assert_eq!(
        get(&get(&thrown, "vars"), "v").as_string().as_deref(),
        Some("NaN")
    );
    let at = get(&thrown, "at");
    assert_eq!(
        get(&Reflect::get_u32(&at, 0).unwrap(), "field")
            .as_string()
            .as_deref(),
        Some("W1[0][0]")
    );
    assert!(thrown.is_instance_of::<js_sys::Error>());

    let thrown: JsValue = pg
        .import_csv(JsValue::from("x1,x2,label\n1,abc,0\n"))
        .unwrap_err()
        .into();
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("notNumber")
    );
    let at = get(&thrown, "at");
    assert_eq!(num(&Reflect::get_u32(&at, 0).unwrap(), "line"), 2.0);
    assert_eq!(
        get(&Reflect::get_u32(&at, 1).unwrap(), "field")
            .as_string()
            .as_deref(),
        Some("x2")
    );
    assert_eq!(
        get(&thrown, "message").as_string().as_deref(),
        Some("line 2: x2: \"abc\" is not a number")
    );

    // A task inside a message is a message of its own.
    let model = r#"{"format":"backprop-playground/model@1","features":["x1","x2"],"activation":"relu","output":"linear","layers":[{"weights":[[1],[1]],"bias":[0]}]}"#;
    let thrown: JsValue = pg.import_model(JsValue::from(model)).unwrap_err().into();
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("taskMismatch")
    );
    let data = get(&get(&thrown, "vars"), "data");
    assert_eq!(get(&data, "code").as_string().as_deref(), Some("classes"));
}

/// The code and the English message of a refused call.
fn refused<T>(r: Result<T, Thrown>) -> (String, String) {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            let v: JsValue = e.into();
            assert!(v.is_instance_of::<js_sys::Error>());
            (
                get(&v, "code").as_string().unwrap_or_default(),
                get(&v, "message").as_string().unwrap_or_default(),
            )
        }
    }
}

/// 2³² + 3, which a `u32` argument would have wrapped to 3.
const WRAPS: f64 = 4_294_967_299.0;

#[wasm_bindgen_test]
fn counts_are_whole_numbers_within_the_limits_never_wrapped() {
    let mut pg = small();
    let epoch = |pg: &Playground| num(&pg.metrics().unwrap(), "epoch");
    // Too large: refused with the number given, not trained modulo 2³².
    assert_eq!(
        refused(pg.step(WRAPS)),
        (
            "perCall".into(),
            "epochs: at most 10000 a call, got 4294967299".into()
        )
    );
    for (v, shown) in [
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        (-1.0, "-1"),
        (2.5, "2.5"),
        (f64::NAN, "NaN"),
    ] {
        assert_eq!(
            refused(pg.step(v)),
            (
                "wholeNumber".into(),
                format!("epochs: expected a whole number ≥ 0, got {shown}")
            ),
            "step({v})"
        );
        assert_eq!(refused(pg.train_for(5.0, v)).0, "wholeNumber");
        assert_eq!(refused(pg.train_sample(1.0, 1.0, 1.0, v)).0, "wholeNumber");
        assert_eq!(refused(pg.evaluate_grid(v)).0, "wholeNumber");
        assert_eq!(
            refused(pg.evaluate_boundary(v, None, None)).0,
            "wholeNumber"
        );
        assert_eq!(
            refused(pg.evaluate_boundary(8.0, Some(v), None)).0,
            "wholeNumber"
        );
        assert_eq!(
            refused(pg.evaluate_boundary(8.0, None, Some(v))).0,
            "wholeNumber"
        );
        assert_eq!(refused(pg.activations(v)).0, "wholeNumber");
        assert_eq!(
            refused(Playground::preview(JsValue::from("xor"), v, 0.0)).0,
            "wholeNumber"
        );
        let a = JsValue::from("W1[0][0]");
        assert_eq!(
            refused(pg.loss_landscape(a.clone(), JsValue::NULL, v, 1.0, None, None, None)).0,
            "wholeNumber"
        );
        assert_eq!(
            refused(pg.loss_landscape(a.clone(), JsValue::NULL, 3.0, 1.0, Some(v), None, None)).0,
            "wholeNumber"
        );
        assert_eq!(
            refused(pg.loss_landscape(a, JsValue::NULL, 3.0, 1.0, None, Some(v), None)).0,
            "wholeNumber"
        );
    }
    assert_eq!(epoch(&pg), 0.0, "nothing trained");
    assert_eq!(
        refused(pg.train_sample(1.0, 1.0, 1.0, WRAPS)).1,
        "steps: at most 10000 a call, got 4294967299"
    );
    assert_eq!(
        refused(pg.evaluate_grid(WRAPS)).1,
        "grid size: expected 1 to 512, got 4294967299"
    );
    assert!(
        refused(pg.evaluate_boundary(WRAPS, None, None))
            .1
            .contains("got 4294967299")
    );
    assert_eq!(
        refused(pg.evaluate_boundary(8.0, Some(0.0), Some(WRAPS))).0,
        "boundaryPart"
    );
    // Layer 2³² + 1 is not layer 1.
    assert_eq!(
        refused(pg.activations(4_294_967_297.0)).1,
        "layer: expected 1 to 2, got 4294967297"
    );
    assert_eq!(
        refused(Playground::preview(JsValue::from("xor"), WRAPS, 0.0)).1,
        "preview: at most 2000 points, got 4294967299"
    );
    assert_eq!(
        refused(Playground::preview(JsValue::from("xor"), 10.0, f64::NAN)).0,
        "noise"
    );
    assert!(
        !refused(pg.loss_landscape(
            JsValue::from("W1[0][0]"),
            JsValue::NULL,
            WRAPS,
            1.0,
            None,
            None,
            None
        ))
        .1
        .is_empty()
    );
    // trainFor's maximum is a cap: a whole number beyond it trains at most the cap.
    let m = pg.train_for(0.0, WRAPS).unwrap();
    assert_eq!(num(&m, "epochsRun"), 1.0, "a zero budget: one epoch");
    // Good counts still work.
    assert_eq!(num(&pg.step(2.0).unwrap(), "epoch"), 3.0);
    assert_eq!(
        pg.activations(2.0).unwrap().length(),
        pg.points().length() / 4 * 2
    );
}

#[wasm_bindgen_test]
fn text_arguments_must_be_text_and_lists_lists() {
    let mut pg = small();
    let before = pg.params().to_vec();
    let symbol: JsValue = js_sys::Symbol::for_("x").into();
    let hostile: Vec<(JsValue, &str)> = vec![
        (JsValue::from(5.0), "number"),
        (JsValue::TRUE, "boolean"),
        (obj(&[("length", 3.into())]), "object"),
        (symbol.clone(), "symbol"),
        (JsValue::UNDEFINED, "undefined"),
        (JsValue::NULL, "null"),
        (js_sys::Array::of1(&"a".into()).into(), "array"),
        (js_sys::BigInt::from(5).into(), "bigint"),
    ];
    for (v, kind) in &hostile {
        let want = format!("expected text, got {kind}");
        for (field, r) in [
            ("model", refused(pg.import_model(v.clone()))),
            ("csv", refused(pg.import_csv(v.clone()))),
            ("name", refused(pg.param(v.clone()))),
            ("name", refused(pg.set_param(v.clone(), 1.0))),
            ("kind", refused(Playground::preview(v.clone(), 10.0, 0.0))),
            (
                "a",
                refused(pg.loss_landscape(v.clone(), JsValue::NULL, 3.0, 1.0, None, None, None)),
            ),
        ] {
            assert_eq!(
                r,
                ("notString".into(), format!("{field}: {want}")),
                "{kind}"
            );
        }
        // b may be absent (null or undefined); anything else must be text.
        let b = pg.loss_landscape(
            JsValue::from("W1[0][0]"),
            v.clone(),
            3.0,
            1.0,
            None,
            None,
            None,
        );
        if v.is_null() || v.is_undefined() {
            assert_eq!(b.unwrap().length(), 3);
        } else {
            assert_eq!(refused(b), ("notString".into(), format!("b: {want}")));
        }
        // Lists of numbers and bytes.
        if !js_sys::Array::is_array(v) {
            assert_eq!(
                refused(pg.set_params(v.clone())),
                (
                    "notNumbers".into(),
                    format!("params: expected a list of numbers, got {kind}")
                )
            );
            assert_eq!(refused(pg.restore_progress(0.0, v.clone())).0, "notNumbers");
        }
        assert_eq!(
            refused(Playground::decode_text(v.clone())),
            (
                "notBytes".into(),
                format!("bytes: expected bytes (a Uint8Array), got {kind}")
            )
        );
    }
    // An array with one item that is not a number is refused at that item.
    let n = before.len();
    let items = js_sys::Array::new();
    for i in 0..n {
        items.push(&if i == 1 {
            symbol.clone()
        } else {
            JsValue::from(0.5)
        });
    }
    assert_eq!(
        refused(pg.set_params(items.clone().into())),
        (
            "notNumbers".into(),
            "params[1]: expected a list of numbers, got symbol".into()
        )
    );
    assert_eq!(pg.params().to_vec(), before, "nothing changed");
    // A plain array of numbers and an ArrayBuffer are taken.
    items.set(1, JsValue::from(0.5));
    pg.set_params(items.into()).unwrap();
    assert!(pg.params().to_vec().iter().all(|&p| p == 0.5));
    let buffer = js_sys::Uint8Array::from(&b"x1,x2,label\n"[..]).buffer();
    assert_eq!(
        Playground::decode_text(buffer.into()).unwrap(),
        "x1,x2,label\n"
    );
    // The handle works after every refusal.
    assert_eq!(num(&pg.step(1.0).unwrap(), "epoch"), 1.0);
}

/// Sets `owner.now` to `f` (a function made from `body`), or restores the original.
fn replace_now(owner: &str, body: Option<&str>) -> JsValue {
    let o = get(&js_sys::global(), owner);
    let key = JsValue::from_str("now");
    match body {
        Some(body) => {
            let old = Reflect::get(&o, &key).unwrap();
            Reflect::set(&o, &key, &js_sys::Function::new_no_args(body)).unwrap();
            old
        }
        None => JsValue::UNDEFINED,
    }
}

#[wasm_bindgen_test]
fn a_throwing_clock_leaves_the_handle_usable() {
    let mut pg = small();
    let perf = get(&js_sys::global(), "performance");
    let date = get(&js_sys::global(), "Date");
    let date_now = replace_now("Date", Some("throw new Error('no date')"));
    for body in ["throw new Error('no clock')", "return 'soon'", "return NaN"] {
        replace_now("performance", Some(body));
        // No clock to measure the budget by: one epoch, then the metrics.
        let m = pg.train_for(1000.0, 50.0).unwrap();
        assert_eq!(num(&m, "epochsRun"), 1.0, "{body}");
        Reflect::delete_property(perf.unchecked_ref::<Object>(), &JsValue::from_str("now"))
            .unwrap();
    }
    // performance gone: Date.now, here throwing too.
    let global = js_sys::global();
    Reflect::set(&global, &"performance".into(), &JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&pg.train_for(1000.0, 50.0).unwrap(), "epochsRun"), 1.0);
    Reflect::set(&date, &"now".into(), &date_now).unwrap();
    // Date.now as the clock: the budget is measured again (zero budget, one epoch).
    assert_eq!(num(&pg.train_for(0.0, 50.0).unwrap(), "epochsRun"), 1.0);
    Reflect::set(&global, &"performance".into(), &perf).unwrap();
    // The real clock: a long budget trains every epoch asked for.
    assert_eq!(num(&pg.train_for(1000.0, 3.0).unwrap(), "epochsRun"), 3.0);
    assert_eq!(num(&pg.step(1.0).unwrap(), "epoch"), 9.0);
}

#[wasm_bindgen_test]
fn an_epoch_near_2_pow_53_is_reported_not_refused() {
    let mut pg = small();
    pg.restore_progress(9_007_199_254_740_992.0, f64s(&[]))
        .unwrap();
    let m = pg.step(3.0).unwrap();
    assert!(num(&m, "epoch") >= 9_007_199_254_740_992.0);
    assert!(pg.metrics().is_ok());
}

#[wasm_bindgen_test]
fn an_argument_object_that_throws_leaves_the_handle_usable() {
    let mut pg = small();
    let getter = js_sys::Function::new_no_args(
        "return { get learningRate() { throw new Error('getter'); } };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let proxy = js_sys::Function::new_no_args(
        "return new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('keys'); } });",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let with_symbol = obj(&[("dataset", js_sys::Symbol::for_("xor").into())]);
    for v in [&getter, &proxy, &with_symbol] {
        assert_eq!(refused(pg.set_hyper(v.clone())).0, "notPlainData");
        assert_eq!(refused(pg.reset(v.clone())).0, "notPlainData");
        assert_eq!(refused(Playground::new(v.clone())).0, "notPlainData");
    }
    assert_eq!(
        refused(pg.set_hyper(js_sys::Symbol::for_("x").into())).0,
        "notPlainData"
    );
    assert_eq!(refused(pg.set_hyper(JsValue::from(5.0))).0, "badValue");
    assert_eq!(num(&pg.step(1.0).unwrap(), "epoch"), 1.0);
    // Getters that return values are read once, as data.
    let fine = js_sys::Function::new_no_args("return { get learningRate() { return 0.1; } };")
        .call0(&JsValue::NULL)
        .unwrap();
    pg.set_hyper(fine).unwrap();
    assert_eq!(num(&pg.config().unwrap(), "learningRate"), 0.1);
}
