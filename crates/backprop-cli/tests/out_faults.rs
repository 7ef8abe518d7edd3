//! `--out` under faults: a reader of stdout that goes away, symlinks, hard links, modes,
//! special files, the data file as target, signals while training, and an unwritable stderr.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A fresh folder for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("backprop-cli-out-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn names(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn temps(d: &Path) -> Vec<String> {
    names(d)
        .into_iter()
        .filter(|n| n.contains("backprop-tmp"))
        .collect()
}

fn is_model(p: &Path) -> bool {
    std::fs::read_to_string(p).is_ok_and(|t| backprop::Network::from_json(&t).is_ok())
}

/// Runs that would take very long were they trained before the refusal.
const LONG: &str = "100000000";

#[test]
fn a_reader_that_goes_away_never_costs_the_model() {
    let d = dir("pipe");
    for round in 0..3 {
        let out = d.join(format!("m{round}.json"));
        // `| head -1`: one line read, then the pipe closed.
        let mut child = bin()
            .args(["train", "--epochs", "300", "--out", s(&out)])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        {
            let mut r = BufReader::new(child.stdout.take().unwrap());
            r.read_line(&mut first).unwrap();
        }
        let o = child.wait_with_output().unwrap();
        assert!(first.starts_with("trained 300 epochs"), "{first}");
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(is_model(&out), "round {round}: the model was written");
    }
    // `| true`: the pipe closed before anything was printed.
    let out = d.join("early.json");
    let mut child = bin()
        .args(["train", "--epochs", "50", "--out", s(&out)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_model(&out));
    // A save that fails (training diverges) is an error, closed pipe or not.
    let out = d.join("diverged.json");
    let mut child = bin()
        .args([
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
            s(&out),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("diverged"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn a_symlink_is_followed_and_its_target_replaced() {
    let d = dir("symlink");
    std::fs::create_dir(d.join("real")).unwrap();
    let target = d.join("real/model.json");
    std::fs::write(&target, "old").unwrap();
    let link = d.join("link.json");
    std::os::unix::fs::symlink("real/model.json", &link).unwrap();
    let o = run(&["train", "--epochs", "2", "--out", s(&link)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(is_model(&target), "its target holds the model");
    assert_eq!(temps(&d.join("real")), Vec::<String>::new());
    // A dangling link: the model is written where it points.
    let dangling = d.join("dangling.json");
    std::os::unix::fs::symlink("real/new.json", &dangling).unwrap();
    let o = run(&["train", "--epochs", "2", "--out", s(&dangling)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_model(&d.join("real/new.json")));
}

#[test]
fn the_replaced_files_mode_is_kept_and_read_only_files_are_refused() {
    let d = dir("modes");
    let out = d.join("m.json");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = run(&["train", "--epochs", "2", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_model(&out));
    assert_eq!(std::fs::metadata(&out).unwrap().mode() & 0o7777, 0o600);

    // Read-only by its mode bits: refused before training, also when run as root (where
    // access() would allow it).
    std::fs::write(&out, "keep").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(&["train", "--epochs", LONG, "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is read-only (mode 0444); --force replaces it"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
    assert_eq!(temps(&d), Vec::<String>::new());
    // --force replaces it and keeps its mode.
    let o = run(&["train", "--epochs", "2", "--out", s(&out), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_model(&out));
    assert_eq!(std::fs::metadata(&out).unwrap().mode() & 0o7777, 0o444);
    // --force needs --out.
    let o = run(&["train", "--epochs", "2", "--force"]);
    assert!(!o.status.success());
}

#[test]
fn a_file_with_several_hard_links_is_refused_unless_forced() {
    let d = dir("hardlinks");
    let out = d.join("m.json");
    let other = d.join("other.json");
    std::fs::write(&out, "shared").unwrap();
    std::fs::hard_link(&out, &other).unwrap();
    let o = run(&["train", "--epochs", LONG, "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("has 2 hard links"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "shared");
    let o = run(&["train", "--epochs", "2", "--out", s(&out), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_model(&out));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "shared");
}

#[test]
fn special_files_are_refused_before_training() {
    let d = dir("special");
    let fifo = d.join("fifo");
    let c = std::ffi::CString::new(s(&fifo)).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    for (target, want) in [
        ("/dev/null", "is a device, not a regular file"),
        (s(&fifo), "is a FIFO, not a regular file"),
        (s(&d), "is a folder"),
    ] {
        let o = run(&["train", "--epochs", LONG, "--out", target]);
        assert_eq!(o.status.code(), Some(1), "{target}");
        assert!(stderr(&o).contains(want), "{target}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A folder stays refused with --force; a device is written into, never replaced.
    let o = run(&["train", "--epochs", "2", "--out", s(&d), "--force"]);
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
    let o = run(&["train", "--epochs", "2", "--out", "/dev/null", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(names(&d), vec!["fifo".to_string()]);
}

#[test]
fn out_equal_to_data_is_refused_and_equal_to_model_allowed() {
    let d = dir("same");
    let data = d.join("d.csv");
    let csv = "x1,x2,label\n1,1,1\n-1,-1,0\n";
    std::fs::write(&data, csv).unwrap();
    let link = d.join("link.csv");
    std::os::unix::fs::symlink("d.csv", &link).unwrap();
    let dotted = format!("{}/./d.csv", s(&d));
    for out in [s(&data), s(&link), &dotted] {
        let o = run(&["train", "--data", s(&data), "--task", "2", "--out", out]);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(
            stderr(&o).contains("is the --data file"),
            "{out}: {}",
            stderr(&o)
        );
        assert_eq!(std::fs::read_to_string(&data).unwrap(), csv);
    }
    let model = d.join("m.json");
    std::fs::write(&model, ARTICLE_MODEL).unwrap();
    let o = run(&[
        "train",
        "--model",
        s(&model),
        "--data",
        s(&data),
        "--epochs",
        "3",
        "--out",
        s(&model),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_model(&model));
    assert_ne!(std::fs::read_to_string(&model).unwrap(), ARTICLE_MODEL);
}

/// Starts a long run writing `out` and waits until its temporary file is there.
fn training(out: &Path) -> Child {
    let child = bin()
        .args(["train", "--epochs", LONG, "--out", s(out)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let d = out.parent().unwrap();
    let start = Instant::now();
    while temps(d).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn signal(child: &Child, sig: libc::c_int) {
    // SAFETY: a signal to our own child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

#[test]
fn sigint_and_sigterm_leave_no_temporary_file() {
    let d = dir("signals");
    let out = d.join("m.json");
    std::fs::write(&out, "old").unwrap();
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let mut child = training(&out);
        let name = temps(&d)[0].clone();
        assert_eq!(name, format!(".m.json.backprop-tmp-{}", child.id()));
        signal(&child, sig);
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(sig), "ended by the signal");
        assert_eq!(names(&d), vec!["m.json".to_string()], "signal {sig}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    }
}

#[test]
fn a_temporary_file_left_by_sigkill_is_removed_by_the_next_run() {
    let d = dir("sigkill");
    let out = d.join("m.json");
    let mut child = training(&out);
    signal(&child, libc::SIGKILL);
    child.wait().unwrap();
    let left = temps(&d);
    assert_eq!(left.len(), 1, "SIGKILL cannot be caught");
    // A live writer's temporary file (this test's own pid) is left alone.
    let live = d.join(format!(".m.json.backprop-tmp-{}", std::process::id()));
    std::fs::write(&live, "busy").unwrap();
    let o = run(&["train", "--epochs", "2", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_model(&out));
    assert_eq!(
        temps(&d),
        vec![live.file_name().unwrap().to_string_lossy().into_owned()]
    );
}

#[test]
fn a_full_stderr_never_aborts() {
    let d = dir("stderr");
    for args in [
        vec!["train", "--data", "/no/such/file.csv"],
        vec!["train", "--epochs", "2", "--out", "/dev/null"],
        vec!["train", "--no-such-flag"],
    ] {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = bin()
            .args(&args)
            .current_dir(&d)
            .stderr(Stdio::from(full))
            .output()
            .unwrap();
        let code = o.status.code();
        assert!(
            code == Some(1) || code == Some(2),
            "{args:?}: a plain failure, not an abort: {:?}",
            o.status
        );
    }
}
