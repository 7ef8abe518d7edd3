//! The core's rooms import downward only: `kernels/`, `data/` and `display/` never reach up
//! into `training/` (docs/ARCHITECTURE.md), and the ground floor (`task.rs`, `error.rs`,
//! `names.rs`, `rng.rs`) imports no room at all.

use std::fs;
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

/// The `use` lines and inline paths of `text` that name `crate::<room>`.
fn reaches(text: &str, room: &str) -> Vec<String> {
    let needle = format!("crate::{room}");
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter(|l| l.contains(&needle) || l.contains(&format!("super::super::{room}")))
        .map(str::to_string)
        .collect()
}

#[test]
fn kernels_data_and_display_never_import_training() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for room in ["kernels", "data", "display"] {
        sources(&src.join(room), &mut files);
    }
    assert!(files.len() >= 8, "found only {} files", files.len());
    for (path, text) in &files {
        let up = reaches(text, "training");
        assert!(up.is_empty(), "{path} imports from training/: {up:?}");
    }
}

#[test]
fn the_ground_floor_imports_no_room() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in ["task.rs", "error.rs", "names.rs", "rng.rs"] {
        let text = fs::read_to_string(src.join(file)).unwrap();
        for room in [
            "layers", "kernels", "training", "data", "display", "files", "inspect",
        ] {
            let up = reaches(&text, room);
            assert!(up.is_empty(), "{file} imports from {room}/: {up:?}");
        }
    }
}

/// Each enum's names are written once (`named_enum!`): serde, `FromStr` and `name()` agree,
/// and a name serde does not know is refused with the list of choices.
#[test]
fn serde_uses_the_names_of_named_enum() {
    use backprop::{Activation, DatasetKind, Feature, OptimizerKind, Output, Regularization};
    fn check<T>(all: &[T])
    where
        T: Copy + std::fmt::Debug + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
        T: std::fmt::Display + std::str::FromStr,
    {
        for &v in all {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("{:?}", v.to_string()), "{v:?}");
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
        }
        let err = serde_json::from_str::<T>("\"no such name\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected one of"), "{err}");
    }
    check(Activation::ALL);
    check(Output::ALL);
    check(Feature::ALL);
    check(DatasetKind::ALL);
    check(OptimizerKind::ALL);
    check(Regularization::ALL);
}
