//! `backprop python`: the exported NumPy scripts, run with python3, give `backprop grad`'s and
//! `backprop train`'s numbers — on many random networks (every activation, every feature, 2 to
//! 8 classes and regression, each optimizer, L1 and L2). Needs python3 with NumPy (`just setup`
//! installs Debian's python3-numpy); the scripts of a test run in one python process.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

use backprop::{Activation, Dataset, Feature, Network, NetworkSpec, Stream, Task, rng_for};
use serde_json::Value;

/// |a − b| ≤ tol·max(1, |b|) for the gradient (1e−10) and for ≤ 5 epochs of training (1e−8).
const GRAD_TOL: f64 = 1e-10;
const TRAIN_TOL: f64 = 1e-8;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("backprop-python-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A python3 that has NumPy: Debian's /usr/bin/python3 first (a pyenv shim on PATH may lack
/// it), then whatever `python3` is.
fn python() -> PathBuf {
    for p in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(p)
            .args(["-c", "import numpy"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return PathBuf::from(p);
        }
    }
    panic!("no python3 with NumPy found: run `just setup` (it installs Debian's python3-numpy)");
}

/// Runs every script in one python process; returns each one's stdout. A script that fails
/// fails the test with its error.
fn run_scripts(d: &Path, scripts: &[PathBuf]) -> Vec<String> {
    let runner = d.join("run_all.py");
    std::fs::write(
        &runner,
        r#"import contextlib, io, json, runpy, sys, traceback
outs = []
for path in sys.argv[1:]:
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            runpy.run_path(path, run_name="__main__")
    except Exception:
        sys.stderr.write(path + "\n" + traceback.format_exc())
        sys.exit(1)
    outs.append(buf.getvalue())
print(json.dumps(outs))
"#,
    )
    .unwrap();
    let o = Command::new(python())
        .arg(&runner)
        .args(scripts)
        .output()
        .unwrap();
    assert!(o.status.success(), "python failed:\n{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn last_json(out: &str) -> Value {
    let last = out.trim_end().lines().last().unwrap_or("");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("last line {last:?}: {e}"))
}

/// Every number of `{"loss", "layers": [{"weights", "bias"}]}` in one list, in file order.
fn flatten(v: &Value) -> Vec<f64> {
    let mut out = vec![v["loss"].as_f64().unwrap_or(f64::NAN)];
    for layer in v["layers"].as_array().unwrap() {
        for row in layer["weights"].as_array().unwrap() {
            out.extend(row.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()));
        }
        out.extend(
            layer["bias"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap()),
        );
    }
    out
}

/// The largest |a − b| / max(1, |b|) over equally shaped results.
fn worst(got: &Value, want: &Value) -> f64 {
    let (g, w) = (flatten(got), flatten(want));
    assert_eq!(g.len(), w.len(), "shapes differ:\n{got}\n{want}");
    g.iter()
        .zip(&w)
        .map(|(a, b)| (a - b).abs() / b.abs().max(1.0))
        .fold(0.0, f64::max)
}

/// A small deterministic generator for the cases (xorshift).
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

struct Case {
    model: PathBuf,
    data: PathBuf,
    flags: Vec<String>,
}

/// Case `i`: a random network and rows; every activation, feature and task comes round.
fn make_case(d: &Path, i: usize, g: &mut Gen, span: f64) -> (PathBuf, PathBuf) {
    let all = Feature::ALL;
    let mut features: Vec<Feature> = all.iter().copied().filter(|_| g.below(3) == 0).collect();
    let must = all[i % all.len()];
    if !features.contains(&must) {
        features.push(must);
    }
    let hidden: Vec<usize> = (0..g.below(4)).map(|_| 1 + g.below(8)).collect();
    // (Shifted every 8 cases, so that each activation meets every task.)
    let activation = Activation::ALL[(i + i / 8) % Activation::ALL.len()];
    // 2..8 classes and regression by turns.
    let task = match i % 8 {
        7 => Task::Regression,
        k => Task::Classification { classes: k + 2 },
    };
    let spec = NetworkSpec {
        features,
        hidden,
        activation,
        task,
    };
    let net = Network::new(&spec, &mut rng_for(i as u32 + 7, Stream::Init)).unwrap();
    let rows = 3 + g.below(40);
    let mut data = Dataset::default();
    for _ in 0..rows {
        data.points
            .push([g.range(-span, span), g.range(-span, span)]);
        data.labels.push(match task {
            Task::Classification { classes } => g.below(classes) as f64,
            Task::Regression => g.range(-1.0, 1.0),
        });
    }
    let model = d.join(format!("model{i}.json"));
    let csv = d.join(format!("data{i}.csv"));
    std::fs::write(&model, net.to_json()).unwrap();
    std::fs::write(&csv, data.to_csv()).unwrap();
    (model, csv)
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn script(d: &Path, name: &str, case: &Case, lang: &str) -> PathBuf {
    let path = d.join(format!("{name}.py"));
    let mut args = vec![
        "python".to_string(),
        "--model".into(),
        case.model.to_string_lossy().into(),
        "--data".into(),
        case.data.to_string_lossy().into(),
        "--lang".into(),
        lang.into(),
        "--out".into(),
        path.to_string_lossy().into(),
    ];
    args.extend(case.flags.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&args);
    path
}

#[test]
fn scripts_give_backprop_grads_numbers() {
    let d = dir("grad");
    let mut g = Gen(0x9e37_79b9_7f4a_7c15);
    let mut cases = Vec::new();
    let mut scripts = Vec::new();
    for i in 0..56 {
        let (model, data) = make_case(&d, i, &mut g, 6.0);
        let case = Case {
            model,
            data,
            flags: vec![],
        };
        let lang = if i % 2 == 0 { "en" } else { "ja" };
        scripts.push(script(&d, &format!("grad{i}"), &case, lang));
        cases.push(case);
    }
    let outs = run_scripts(&d, &scripts);
    let mut most = 0.0f64;
    for (case, out) in cases.iter().zip(&outs) {
        let want: Value = serde_json::from_str(&ok(&[
            "grad",
            "--model",
            case.model.to_str().unwrap(),
            "--data",
            case.data.to_str().unwrap(),
        ]))
        .unwrap();
        let diff = worst(&last_json(out), &want);
        assert!(
            diff <= GRAD_TOL,
            "{}: differs by {diff:e}",
            case.model.display()
        );
        most = most.max(diff);
    }
    eprintln!(
        "gradient: worst |a − b|/max(1, |b|) over {} networks = {most:e}",
        cases.len()
    );
}

#[test]
fn scripts_give_backprop_trains_weights() {
    let d = dir("train");
    let mut g = Gen(0x2545_f491_4f6c_dd1d);
    let mut cases = Vec::new();
    let mut scripts = Vec::new();
    let optimizers = ["sgd", "momentum", "adam"];
    for i in 0..60 {
        // Points in [−3, 3]²: with x1² up to 36 (on [−6, 6]²) a linear regression diverges at
        // these rates within an epoch, and a diverging run is chaos, not a comparison.
        let (model, data) = make_case(&d, i, &mut g, 3.0);
        let optimizer = optimizers[i % 3];
        let lr = if optimizer == "adam" {
            g.range(0.001, 0.01)
        } else {
            g.range(0.001, 0.02)
        };
        let mut flags = vec![
            "--epochs".to_string(),
            (1 + g.below(5)).to_string(),
            "--lr".into(),
            lr.to_string(),
            "--batch".into(),
            (1 + g.below(12)).to_string(),
            "--seed".into(),
            g.below(1000).to_string(),
            "--optimizer".into(),
            optimizer.into(),
        ];
        // None, L1 and L2 for each optimizer.
        match (i / 3) % 3 {
            1 => flags.extend(["--l1".into(), g.range(0.0, 0.01).to_string()]),
            2 => flags.extend(["--l2".into(), g.range(0.0, 0.05).to_string()]),
            _ => {}
        }
        let case = Case { model, data, flags };
        let lang = if i % 2 == 0 { "ja" } else { "en" };
        scripts.push(script(&d, &format!("train{i}"), &case, lang));
        cases.push(case);
    }
    let outs = run_scripts(&d, &scripts);
    let (mut most, mut by) = (0.0f64, std::collections::BTreeMap::new());
    for (i, (case, out)) in cases.iter().zip(&outs).enumerate() {
        let trained = d.join(format!("trained{i}.json"));
        let mut args = vec![
            "train",
            "--model",
            case.model.to_str().unwrap(),
            "--data",
            case.data.to_str().unwrap(),
            "--out",
            trained.to_str().unwrap(),
        ];
        args.extend(case.flags.iter().map(String::as_str));
        ok(&args);
        let model: Value =
            serde_json::from_str(&std::fs::read_to_string(&trained).unwrap()).unwrap();
        // The loss over the rows after training is `backprop grad`'s loss of the trained model.
        let grad: Value = serde_json::from_str(&ok(&[
            "grad",
            "--model",
            trained.to_str().unwrap(),
            "--data",
            case.data.to_str().unwrap(),
        ]))
        .unwrap();
        let want = serde_json::json!({"loss": grad["loss"], "layers": model["layers"]});
        let diff = worst(&last_json(out), &want);
        assert!(
            diff <= TRAIN_TOL,
            "{} {:?}: differs by {diff:e}",
            case.model.display(),
            case.flags
        );
        most = most.max(diff);
        let e: &mut f64 = by.entry(optimizers[i % 3]).or_default();
        *e = e.max(diff);
    }
    eprintln!(
        "training (1–5 epochs): worst |a − b|/max(1, |b|) over {} runs = {most:e}; by optimizer {by:?}",
        cases.len()
    );
}

#[test]
fn the_articles_example_prints_its_table_and_ends_with_real_descent() {
    let d = dir("article");
    let model = d.join("article.json");
    let data = d.join("article.csv");
    std::fs::write(&model, ARTICLE_MODEL).unwrap();
    std::fs::write(&data, "x1,x2,label\n5,1,1\n").unwrap();
    let case = Case {
        model: model.clone(),
        data: data.clone(),
        flags: ["--epochs", "100", "--lr", "0.01", "--batch", "1"]
            .map(String::from)
            .to_vec(),
    };
    let path = script(&d, "article", &case, "en");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("np.log(y + 1e-7)"), "the article's error");
    let out = &run_scripts(&d, &[path])[0];
    // The article's table, as it prints it.
    for want in [
        "[[0.33765368 0.6307148  0.92377592]",
        " [0.24753074 0.46614296 0.68475518]]",
        "[-0.02025686  0.32025686]",
        "[[-0.69851633  8.3783125 ]]",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    // The last line is real gradient descent: 100 recomputed steps, as `backprop train` does.
    let trained = d.join("trained.json");
    let mut args = vec![
        "train",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--out",
        trained.to_str().unwrap(),
    ];
    args.extend(case.flags.iter().map(String::as_str));
    ok(&args);
    let m: Value = serde_json::from_str(&std::fs::read_to_string(&trained).unwrap()).unwrap();
    let got = last_json(out);
    let mut want = got.clone();
    want["layers"] = m["layers"].clone();
    assert!(worst(&got, &want) <= TRAIN_TOL, "{got}\n{want}");
    // …and not the article's table.
    let w11 = got["layers"][0]["weights"][0][0].as_f64().unwrap();
    assert!((w11 - 0.33765368).abs() > 1e-3, "W1[0][0] = {w11}");
}

#[test]
fn bad_input_gets_a_message_and_no_script() {
    let d = dir("bad");
    let model = d.join("article.json");
    std::fs::write(&model, ARTICLE_MODEL).unwrap();
    let three = d.join("three.csv");
    std::fs::write(&three, "x1,x2,label\n0,0,2\n").unwrap();
    let two = d.join("two.csv");
    std::fs::write(&two, "x1,x2,label\n0,0,1\n").unwrap();
    let test_only = d.join("test-only.csv");
    std::fs::write(&test_only, "x1,x2,label,split\n0,0,1,test\n").unwrap();
    let out = d.join("never.py");
    let m = model.to_str().unwrap();
    for (data, flags, says) in [
        (&three, vec![], "class"),
        (&two, vec!["--lr", "0"], "learning rate"),
        (&two, vec!["--epochs", "0"], "epochs"),
        (&two, vec!["--batch", "0"], "batch size"),
        (&two, vec!["--l2", "20"], "regularization rate"),
        (&two, vec!["--epochs", "10001"], "epochs"),
        (&test_only, vec!["--epochs", "1"], "no training rows"),
        (&two, vec!["--lang", "fr"], "fr"),
    ] {
        let mut args = vec![
            "python",
            "--model",
            m,
            "--data",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(flags.iter());
        let o = run(&args);
        assert!(!o.status.success(), "{flags:?} was accepted");
        assert!(stderr(&o).contains(says), "{flags:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{flags:?} printed {}", stdout(&o));
        assert!(!out.exists(), "{flags:?} wrote a script");
    }
}
