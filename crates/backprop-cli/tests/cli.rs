//! The CLI end to end: every command on temp files, checking what it prints.

mod common;
use common::*;
use std::path::PathBuf;

fn tmp(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("backprop-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn the_test_model_file_is_the_cores_article_network() {
    let net = backprop::Network::from_json(ARTICLE_MODEL).unwrap();
    assert_eq!(
        net.to_model(),
        backprop::article::network().unwrap().to_model()
    );
}

#[test]
fn article_prints_the_articles_numbers() {
    let o = run(&["article"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    let loss: f64 = s
        .lines()
        .find_map(|l| l.strip_prefix("L  = −Σ t·ln y   = "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the loss line");
    assert!((loss - 0.12812530328571797).abs() < 1e-12, "L = {loss}"); // the fixture's loss_exact
    for want in [
        "u1 = x·W1 + b1   = [0.80000000 2.10000000 3.40000000]",
        "u2 = z1·W2 + b2  = [1.62000000 3.61000000]",
        "y  = softmax(u2) = [0.12025686 0.87974314]",
        "delta2 = y − t            = [0.12025686 -0.12025686]",
        "[[-0.18038529 -0.18038529 -0.18038529]",
        // after 100 recomputed steps, on x = (1, 5): see crates/backprop/tests/article.rs
        "y  = [0.01266127 0.98733873]",
        // the article's loop as written: its printed table
        "W1 = [[0.33765368 0.63071480 0.92377592]",
        "W2 = [[0.00379451 0.49620549]",
        "b2 = [-0.02025686 0.32025686]",
    ] {
        assert!(s.contains(want), "missing {want:?} in:\n{s}");
    }
}

#[test]
fn grad_gives_the_article_gradients_as_json() {
    let model = tmp("article.json", ARTICLE_MODEL);
    let data = tmp("article.csv", "x1,x2,label\n5,1,1\n");
    let o = run(&[
        "grad",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!((v["loss"].as_f64().unwrap() - 0.12812530328571797).abs() < 1e-9);
    let dw1 = v["layers"][0]["weights"][0][0].as_f64().unwrap();
    assert!((dw1 - -0.18038529370162598).abs() < 1e-12, "{dw1}");
    let db2 = v["layers"][1]["bias"][1].as_f64().unwrap();
    assert!((db2 - -0.12025686246775069).abs() < 1e-12, "{db2}");
    assert_eq!(
        v["layers"][1]["weights"].as_array().unwrap().len(),
        3,
        "dW2 is 3×2 like W2"
    );
}

#[test]
fn predict_prints_probabilities_and_class() {
    let model = tmp("predict.json", ARTICLE_MODEL);
    let data = tmp("predict.csv", "x1,x2,label\n5,1,1\n-10,-10,0\n");
    let o = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(lines[0], "p0,p1,class");
    assert_eq!(lines[1], "0.12025686246775079,0.8797431375322493,1");
    // (−10, −10): every ReLU is off, so u2 = b2 = (0.1, 0.2): class 1, p = softmax(b2).
    assert!(lines[2].ends_with(",1"), "{}", lines[2]);
    assert_eq!(lines.len(), 3);
}

#[test]
fn train_from_spec_writes_a_model_that_trains_again_from_file() {
    let out = std::env::temp_dir().join(format!("backprop-cli-train-{}.json", std::process::id()));
    let o = run(&[
        "train",
        "--dataset",
        "xor",
        "--hidden",
        "4,4",
        "--activation",
        "tanh",
        "--seed",
        "3",
        "--epochs",
        "150",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.contains("trained 150 epochs (2-4-4-2, tanh, softmax)"),
        "{s}"
    );
    let acc: f64 = s
        .lines()
        .find(|l| l.starts_with("test"))
        .and_then(|l| l.split("accuracy ").nth(1))
        .and_then(|a| a.split('%').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(acc >= 95.0, "xor test accuracy {acc}\n{s}");
    // The model file trains further on a CSV: every row is training data.
    let data = tmp("train.csv", "x1,x2,label\n1,1,1\n-1,-1,1\n1,-1,0\n-1,1,0\n");
    let o = run(&[
        "train",
        "--model",
        out.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--epochs",
        "5",
        "--batch",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("train: loss"), "{}", stdout(&o));
    assert!(stdout(&o).contains("(4 rows)"));
    assert!(stdout(&o).contains("test : no rows"));
}

#[test]
fn regression_from_spec() {
    let o = run(&[
        "train",
        "--dataset",
        "plane",
        "--hidden",
        "3",
        "--epochs",
        "50",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--l2",
        "0.001",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2-3-1, tanh, linear"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("accuracy"));
}

#[test]
fn bad_inputs_fail_with_clear_messages_not_panics() {
    let bad_model = tmp(
        "bad.json",
        &ARTICLE_MODEL.replace(
            "[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]",
            "[0.1, 0.4], [0.2, 0.5]",
        ),
    );
    let data = tmp("ok.csv", "x1,x2,label\n5,1,1\n");
    let bad_data = tmp("bad.csv", "x1,x2,label\n5,1,1\n5,x,1\n");
    let good_model = tmp("good.json", ARTICLE_MODEL);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "grad",
                "--model",
                bad_model.to_str().unwrap(),
                "--data",
                data.to_str().unwrap(),
            ],
            "layers[1].weights: expected 3 rows, found 2",
        ),
        (
            vec![
                "predict",
                "--model",
                good_model.to_str().unwrap(),
                "--data",
                bad_data.to_str().unwrap(),
            ],
            "line 3: x2: \"x\" is not a number",
        ),
        (
            vec![
                "predict",
                "--model",
                "/nonexistent/m.json",
                "--data",
                data.to_str().unwrap(),
            ],
            "/nonexistent/m.json",
        ),
        (
            vec!["train", "--hidden", "9"],
            "hidden layer 1 must have 1 to 8 neurons",
        ),
        (vec!["train", "--lr=-1"], "learning rate must be in (0, 10]"),
        (
            vec!["train", "--dataset", "moons"],
            "unknown data set \"moons\"",
        ),
        (
            vec!["train", "--activation", "constructor"],
            "unknown activation",
        ),
        (vec!["train", "--features", "x1,x1"], "listed twice"),
        (
            vec!["train", "--l1", "0.1", "--l2", "0.1"],
            "cannot be used with",
        ),
        (
            vec![
                "train",
                "--model",
                good_model.to_str().unwrap(),
                "--dataset",
                "plane",
            ],
            "the model is for",
        ),
    ];
    for (args, want) in cases {
        let o = run(&args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let e = stderr(&o);
        assert!(e.contains(want), "{args:?}: {e}");
        assert!(!e.contains("panicked"), "{args:?} panicked: {e}");
    }
}

#[test]
fn lr_of_10_on_regression_reports_divergence() {
    let o = run(&[
        "train",
        "--dataset",
        "bumps",
        "--hidden",
        "8,8,8",
        "--activation",
        "relu",
        "--lr",
        "10",
        "--epochs",
        "50",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("training diverged at epoch"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("try a smaller --lr"));
    assert!(!stderr(&o).contains("panicked"));
}
