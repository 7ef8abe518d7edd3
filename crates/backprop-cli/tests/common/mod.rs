//! What the CLI tests share: running the binary, its output as text, and the article's network
//! as a hand-written model file (its numbers are the core's `backprop::article`, checked in
//! `cli.rs`; the bad-model cases edit this exact text).

#![allow(dead_code)] // each test file uses its own part

use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_backprop"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub const ARTICLE_MODEL: &str = r#"{"format": "backprop-playground/model@1",
 "features": ["x1", "x2"], "activation": "relu", "output": "softmax",
 "layers": [{"weights": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "bias": [0.1, 0.2, 0.3]},
            {"weights": [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], "bias": [0.1, 0.2]}]}"#;
