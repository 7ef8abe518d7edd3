//! The CLI and its files: written atomically and checked before training, write errors on
//! stdout reported (a closed pipe quiet), flags that would be ignored refused, task errors in
//! words, the split column honoured, UTF-16 and BOM read as the page reads them, bounded
//! labels, and an empty training set refused.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::Stdio;

/// A fresh folder for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("backprop-cli-files-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn files(d: &std::path::Path) -> (String, String) {
    let model = d.join("m.json");
    let data = d.join("d.csv");
    std::fs::write(&model, ARTICLE_MODEL).unwrap();
    std::fs::write(&data, "x1,x2,label\n5,1,1\n-10,-10,0\n").unwrap();
    (
        model.to_str().unwrap().to_string(),
        data.to_str().unwrap().to_string(),
    )
}

#[test]
fn out_into_a_missing_folder_fails_before_training() {
    let d = dir("missing");
    let out = d.join("no/such/folder/m.json");
    // A million epochs: were they run first, this would not finish.
    let o = run(&[
        "train",
        "--epochs",
        "1000000",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("no/such/folder/m.json"), "{e}");
    assert!(stdout(&o).is_empty(), "nothing trained: {}", stdout(&o));
}

#[test]
fn out_replaces_the_file_whole_or_leaves_it_untouched() {
    let d = dir("atomic");
    let out = d.join("model.json");
    std::fs::write(&out, ARTICLE_MODEL).unwrap();
    // A run that fails after the temporary file was made (divergence) leaves the old file as
    // it was and no temporary file behind.
    let o = run(&[
        "train",
        "--dataset",
        "plane",
        "--hidden",
        "8,8,8",
        "--activation",
        "relu",
        "--lr",
        "10",
        "--epochs",
        "500",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("diverged"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), ARTICLE_MODEL);
    let names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["model.json".to_string()],
        "no temporary file left"
    );
    // A good run replaces it with a model that loads.
    let o = run(&[
        "train",
        "--dataset",
        "xor",
        "--epochs",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    backprop::Network::from_json(&text).unwrap();
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
    // A folder as --out is refused before training.
    let o = run(&["train", "--epochs", "1000000", "--out", d.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
}

#[test]
fn a_write_error_on_stdout_is_an_error() {
    let d = dir("full");
    let (model, data) = files(&d);
    for args in [
        vec!["article"],
        vec!["predict", "--model", &model, "--data", &data],
        vec!["grad", "--model", &model, "--data", &data],
        vec!["train", "--dataset", "xor", "--epochs", "1"],
    ] {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = bin()
            .args(&args)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        assert!(!o.status.success(), "{args:?} exits non-zero");
        assert!(
            stderr(&o).contains("writing to stdout"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_closed_pipe_stays_quiet() {
    let mut child = bin()
        .arg("article")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut first).unwrap();
    } // the reader goes away, as `| head -1` does
    let o = child.wait_with_output().unwrap();
    assert!(first.starts_with("## The article's network"), "{first}");
    assert!(o.status.success());
    assert_eq!(stderr(&o), "", "no message for a closed pipe");
}

#[test]
fn flags_that_would_be_ignored_are_errors() {
    let d = dir("flags");
    let (model, data) = files(&d);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["train", "--task", "3"],
            "--task only applies to --data",
        ),
        (
            vec!["train", "--model", &model, "--hidden", "4"],
            "--hidden cannot be used with --model",
        ),
        (
            vec!["train", "--model", &model, "--activation", "relu"],
            "--activation cannot be used with --model",
        ),
        (
            vec!["train", "--model", &model, "--features", "x1,x2"],
            "--features cannot be used with --model",
        ),
        (
            vec!["train", "--model", &model, "--data", &data, "--task", "2"],
            "--task cannot be used with --model",
        ),
        (
            vec!["train", "--data", &data, "--dataset", "xor"],
            "--dataset cannot be used with --data",
        ),
        (
            vec!["train", "--data", &data, "--train-ratio", "0.8"],
            "--train-ratio cannot be used with --data",
        ),
        (
            vec!["train", "--data", &data, "--points", "20"],
            "--points cannot be used with --data",
        ),
    ];
    for (args, want) in cases {
        let o = run(&args);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    // The flags that do apply still work.
    let o = run(&["train", "--model", &model, "--data", &data, "--epochs", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn task_errors_are_in_words() {
    let d = dir("task");
    let eight = d.join("eight.json");
    // An 8-class softmax model over the default generated spiral (2 classes).
    let o = run(&[
        "train",
        "--data",
        d.join("x.csv").to_str().unwrap(),
        "--task",
        "8",
    ]);
    assert!(!o.status.success()); // the file is missing: a message, not a panic
    let csv = d.join("eight.csv");
    std::fs::write(&csv, "x1,x2,label\n1,1,7\n2,2,0\n").unwrap();
    let o = run(&[
        "train",
        "--data",
        csv.to_str().unwrap(),
        "--task",
        "8",
        "--epochs",
        "1",
        "--out",
        eight.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["train", "--model", eight.to_str().unwrap()]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("the model is for 8 classes but data set spiral is for 2 classes"),
        "{e}"
    );
    assert!(!e.contains("Classification {"), "{e}");
}

#[test]
fn the_split_column_is_honoured_and_an_empty_training_set_is_refused() {
    let d = dir("split");
    let csv = d.join("s.csv");
    std::fs::write(
        &csv,
        "x1,x2,label,split\n1,1,1,train\n-1,-1,0,train\n2,2,1,test\n",
    )
    .unwrap();
    let o = run(&["train", "--data", csv.to_str().unwrap(), "--epochs", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("(2 rows)") && s.contains("(1 rows)"), "{s}");
    std::fs::write(&csv, "x1,x2,label,split\n1,1,1,test\n-1,-1,0,test\n").unwrap();
    let o = run(&["train", "--data", csv.to_str().unwrap(), "--epochs", "2"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("the training set is empty"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn utf16_and_bom_files_read_as_on_the_page() {
    let d = dir("utf16");
    let (model, data) = files(&d);
    let want = run(&["predict", "--model", &model, "--data", &data]);
    assert!(want.status.success());
    let text = std::fs::read_to_string(&data).unwrap();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let bom_blank: Vec<u8> = [0xEF, 0xBB, 0xBF, b'\n']
        .into_iter()
        .chain(text.bytes())
        .collect();
    for (name, bytes) in [("le.csv", le), ("bom.csv", bom_blank)] {
        let p = d.join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = run(&["predict", "--model", &model, "--data", p.to_str().unwrap()]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(o.stdout, want.stdout, "{name}");
    }
    let bin_file = d.join("bin.csv");
    std::fs::write(&bin_file, [0x89, b'P', b'N', b'G', 0, 1]).unwrap();
    let o = run(&[
        "predict",
        "--model",
        &model,
        "--data",
        bin_file.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a text file"), "{}", stderr(&o));
}

#[test]
fn regression_labels_beyond_a_million_are_refused() {
    let d = dir("label");
    let csv = d.join("big.csv");
    std::fs::write(&csv, "x1,x2,label\n1,2,1e200\n").unwrap();
    let o = run(&[
        "train",
        "--data",
        csv.to_str().unwrap(),
        "--task",
        "regression",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("line 2: label: 1e200 is out of range (|value| ≤ 1e6)"),
        "{}",
        stderr(&o)
    );
}
