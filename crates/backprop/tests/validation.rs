//! Every model-file and data-file validation error names what and where, and round trips hold.

use backprop::error::{At, Code};
use backprop::{Config, Dataset, DatasetKind, Network, ParamId, Session, Task};

/// The article's network as a hand-written model file (the edits below rely on this exact
/// text); its numbers are the core's `backprop::article`, checked in the first test.
const ARTICLE_MODEL: &str = r#"{"format": "backprop-playground/model@1",
 "features": ["x1", "x2"], "activation": "relu", "output": "softmax",
 "layers": [{"weights": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "bias": [0.1, 0.2, 0.3]},
            {"weights": [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], "bias": [0.1, 0.2]}]}"#;

fn model_error(text: &str) -> String {
    match Network::from_json(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

fn edit(from: &str, to: &str) -> String {
    assert!(ARTICLE_MODEL.contains(from), "{from}");
    ARTICLE_MODEL.replacen(from, to, 1)
}

#[test]
fn the_article_model_file_loads_and_round_trips() {
    let net = Network::from_json(ARTICLE_MODEL).unwrap();
    assert_eq!(
        net.to_model(),
        backprop::article::network().unwrap().to_model(),
        "the file holds the article's network"
    );
    assert_eq!(net.parameter_count(), 6 + 3 + 6 + 2);
    assert_eq!(net.param("W1[0][2]".parse().unwrap()).unwrap(), 0.5);
    assert_eq!(net.param("b2[1]".parse().unwrap()).unwrap(), 0.2);
    let again = Network::from_json(&net.to_json()).unwrap();
    assert_eq!(again.to_model(), net.to_model());
}

#[test]
fn random_weights_round_trip_bit_exactly() {
    let s = Session::new(Config {
        hidden: vec![8, 8, 8],
        seed: 3,
        ..Config::default()
    })
    .unwrap();
    let text = s.network().to_json();
    let back = Network::from_json(&text).unwrap();
    for (a, b) in s.network().layers().iter().zip(back.layers()) {
        assert_eq!(a.w, b.w);
        assert_eq!(a.b, b.b);
    }
}

#[test]
fn model_errors_name_the_place() {
    let cases = [
        (edit("[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]", "[0.1, 0.4], [0.2, 0.5]"), "layers[1].weights: expected 3 rows, found 2"),
        (edit("[0.2, 0.4, 0.6]", "[0.2, 0.4]"), "layers[0].weights[1]: expected 3 values (one per bias), found 2"),
        (edit("\"relu\"", "\"swish\""), "activation: unknown activation \"swish\""),
        (edit("\"softmax\"", "\"constructor\""), "output: unknown output \"constructor\""),
        (edit("[\"x1\", \"x2\"]", "[\"x1\", \"x3\"]"), "features[1]: unknown feature \"x3\""),
        (edit("[\"x1\", \"x2\"]", "[\"x1\", \"x1\"]"), "features[1]: x1 is listed twice"),
        (edit("[\"x1\", \"x2\"]", "[]"), "features: at least one input feature is needed"),
        (edit("model@1", "model@9"), "format: expected \"backprop-playground/model@1\""),
        (edit("\"bias\": [0.1, 0.2]}", "\"bias\": []}"), "layers[1].bias: empty"),
        (edit("0.6]], \"bias\"", "1e999]], \"bias\""), "layers[0].weights[1][2]: 1e999 is out of range (|value| ≤ 1e6)"),
        (edit("0.6]], \"bias\"", "\"0.6\"]], \"bias\""), "layers[0].weights[1][2]: \"0.6\" is not a number"),
        (edit("[0.1, 0.2]}]}", "[0.1, null]}]}"), "layers[1].bias[1]: null is not a number"),
        (edit("[0.1, 0.4], [0.2", "[0.1, [0.4]], [0.2"), "layers[1].weights[0][1]: [0.4] is not a number"),
        (edit("0.6]], \"bias\"", "2e6]], \"bias\""), "layers[0].weights[1][2]: 2000000 is out of range"),
        (r#"{"format": "backprop-playground/model@1", "features": ["x1"], "activation": "tanh", "output": "linear", "layers": []}"#.to_string(), "layers: the network has no layers"),
        (edit("[0.1, 0.2]}]}", "[0.1, 0.2, 0.3]}]}"), "layers[1].weights[0]: expected 3 values"),
        (edit("\"output\": \"softmax\"", "\"output\": \"linear\""), "output: a linear output has 1 value, got 2"),
        (
            r#"{"format": "backprop-playground/model@1", "features": ["x1"], "activation": "tanh", "output": "softmax", "layers": [{"weights": [[1.0]], "bias": [0.0]}]}"#.to_string(),
            "output: a softmax output needs 2 to 8 classes, got 1",
        ),
        ("".to_string(), "file: empty"),
        ("{\"format\": ".to_string(), "file: not a model file"),
        ("\u{0}\u{1}binary".to_string(), "file: not a model file"),
        ("[1, 2, 3]".to_string(), "file: not a model file"),
        (" ".repeat(2 << 20), "file: too large"),
    ];
    for (text, want) in cases {
        let got = model_error(&text);
        assert!(
            got.starts_with(want),
            "got {got:?}, want it to start with {want:?}"
        );
    }
}

#[test]
fn oversized_hidden_layers_are_rejected() {
    let wide = format!(
        r#"{{"format": "backprop-playground/model@1", "features": ["x1"], "activation": "tanh", "output": "linear",
        "layers": [{{"weights": [[{}]], "bias": [{}]}}, {{"weights": [{}], "bias": [0]}}]}}"#,
        ["0.1"; 9].join(","),
        ["0"; 9].join(","),
        ["[0.1]"; 9].join(",")
    );
    assert!(
        model_error(&wide).starts_with("layers[0].bias: at most 8 neurons"),
        "{}",
        model_error(&wide)
    );
}

#[test]
fn csv_round_trip_and_errors_with_line_numbers() {
    let two = Task::Classification { classes: 2 };
    let data =
        DatasetKind::Circle.generate(20, 0.1, &mut backprop::rng_for(1, backprop::Stream::Data));
    assert_eq!(
        Dataset::from_csv(&data.to_csv(), two).unwrap(),
        data,
        "exact round trip"
    );
    let ok = Dataset::from_csv("x1,x2,label\n1,2,0\n\n-3.5,4e-1,1\n", two).unwrap();
    assert_eq!(ok.points, vec![[1.0, 2.0], [-3.5, 0.4]]);
    let cases = [
        ("", two, "line 1: the file is empty"),
        (
            "a,b,c\n1,2,0",
            two,
            "line 1: expected the header x1,x2,label",
        ),
        ("x1,x2,label\n", two, "line 1: no data rows"),
        ("x1,x2,label\n1,2", two, "line 2: expected 3 fields"),
        ("x1,x2,label\n1,2,0,4", two, "line 2: expected 3 fields"),
        (
            "x1,x2,label\n1,2,0\n1,abc,0",
            two,
            "line 3: x2: \"abc\" is not a number",
        ),
        (
            "x1,x2,label\nNaN,2,0",
            two,
            "line 2: x1: NaN is not a finite number",
        ),
        (
            "x1,x2,label\n1,inf,0",
            two,
            "line 2: x2: inf is not a finite number",
        ),
        (
            "x1,x2,label\n1,2,2",
            two,
            "line 2: label: 2 is not a class index 0..1",
        ),
        (
            "x1,x2,label\n1,2,0.5",
            two,
            "line 2: label: 0.5 is not a class index",
        ),
        (
            "x1,x2,label\n1,2,-1",
            two,
            "line 2: label: -1 is not a class index",
        ),
        (
            "x1,x2,label\n1e7,2,0",
            two,
            "line 2: x1: 10000000 is too large",
        ),
        (
            "x1,x2,label\n1,2,Infinity",
            Task::Regression,
            "line 2: label: inf is not a finite number",
        ),
    ];
    for (text, task, want) in cases {
        let got = Dataset::from_csv(text, task).unwrap_err().to_string();
        assert!(
            got.starts_with(want),
            "{text:?}: got {got:?}, want {want:?}"
        );
    }
    let many = format!("x1,x2,label\n{}", "1,1,0\n".repeat(10_001));
    let err = Dataset::from_csv(&many, two).unwrap_err();
    assert_eq!(err.code, Code::TooManyRows);
    assert_eq!(err.at, vec![At::Line(10_002)]);
    assert_eq!(err.var("n").as_deref(), Some("10000"));
    assert_eq!(err.to_string(), "line 10002: too many rows (at most 10000)");
    assert!(Dataset::from_csv("x1,x2,label\n1,2,0.25\n", Task::Regression).is_ok());
}

#[test]
fn param_names_parse_strictly() {
    assert_eq!(
        "W1[0][2]".parse::<ParamId>().unwrap(),
        ParamId::Weight {
            layer: 1,
            from: 0,
            to: 2
        }
    );
    assert_eq!(
        "b2[1]".parse::<ParamId>().unwrap(),
        ParamId::Bias { layer: 2, to: 1 }
    );
    for bad in [
        "",
        "W",
        "W0[0][0]",
        "W1[0]",
        "b1[0][0]",
        "W1[0][x]",
        "x1[0]",
        "W1[0][1]junk",
        "W1[-1][0]",
        "b1[99999999999999999999999]",
    ] {
        assert!(bad.parse::<ParamId>().is_err(), "{bad:?} accepted");
    }
    let net = Network::from_json(ARTICLE_MODEL).unwrap();
    for bad in ["W3[0][0]", "W1[2][0]", "W1[0][3]", "b2[2]"] {
        let e = net.param(bad.parse().unwrap()).unwrap_err().to_string();
        assert!(e.starts_with(bad), "{e}");
    }
    let mut net = net;
    assert!(
        net.set_param("W1[0][0]".parse().unwrap(), f64::NAN)
            .is_err()
    );
    assert!(
        net.set_param("W1[0][0]".parse().unwrap(), f64::INFINITY)
            .is_err()
    );
    assert_eq!(
        net.param("W1[0][0]".parse().unwrap()).unwrap(),
        0.1,
        "a rejected value changes nothing"
    );
}

#[test]
fn config_limits_are_enforced_with_messages() {
    let bad = [
        (
            Config {
                hidden: vec![8; 7],
                ..Config::default()
            },
            "at most 6 hidden layers",
        ),
        (
            Config {
                hidden: vec![4, 0],
                ..Config::default()
            },
            "hidden layer 2 must have 1 to 8 neurons, got 0",
        ),
        (
            Config {
                hidden: vec![9],
                ..Config::default()
            },
            "hidden layer 1 must have 1 to 8 neurons, got 9",
        ),
        (
            Config {
                features: vec![],
                ..Config::default()
            },
            "at least one input feature",
        ),
        (
            Config {
                points: 0,
                ..Config::default()
            },
            "points must be 1 to 10000",
        ),
        (
            Config {
                noise: f64::NAN,
                ..Config::default()
            },
            "noise must be in [0, 0.5]",
        ),
        (
            Config {
                train_ratio: 1.5,
                ..Config::default()
            },
            "train ratio must be in [0.1, 0.9]",
        ),
    ];
    for (config, want) in bad {
        let e = Session::new(config).unwrap_err().to_string();
        assert!(e.starts_with(want), "got {e:?}, want {want:?}");
    }
    let mut hyper = Config::default().hyper;
    hyper.batch_size = 0;
    assert!(
        Session::new(Config {
            hyper,
            ..Config::default()
        })
        .unwrap_err()
        .to_string()
        .contains("batch size")
    );
    assert!(
        Session::new(Config {
            hidden: vec![],
            ..Config::default()
        })
        .is_ok(),
        "0 hidden layers is allowed"
    );
}

#[test]
fn parameters_beyond_a_million_are_rejected() {
    let text = ARTICLE_MODEL.replacen("0.6]]", "2e6]]", 1);
    assert_eq!(
        model_error(&text),
        "layers[0].weights[1][2]: 2000000 is out of range (|value| ≤ 1e6)"
    );
    let mut net = Network::from_json(ARTICLE_MODEL).unwrap();
    let id = "b1[0]".parse().unwrap();
    assert_eq!(
        net.set_param(id, -1e7).unwrap_err().to_string(),
        "b1[0]: -10000000 is out of range (|value| ≤ 1e6)"
    );
    // A huge value is written short, not in its 309 digits.
    assert_eq!(
        net.set_param(id, 1e308).unwrap_err().to_string(),
        "b1[0]: 1e308 is out of range (|value| ≤ 1e6)"
    );
    net.set_param(id, 1e6).unwrap();
}
