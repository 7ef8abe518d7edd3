//! `--out`: the model file written the way `install` and `cp` users expect.
//!
//! Everything that could refuse the target is checked before training ([`prepare`]): a
//! symlink is followed to the file it names (that file is replaced, the link stays); a folder,
//! a device, a FIFO or a socket, a file with several hard links and a file whose mode bits
//! forbid writing are refused unless `--force` (mode bits are read, not `access()`, so root is
//! refused too); the `--data` file is always refused. The model goes to a temporary file beside
//! the target, named `.<name>.backprop-tmp-<pid>`, given the replaced file's mode (and owner,
//! when root), synced and renamed over the target. SIGINT, SIGTERM and SIGHUP remove the
//! temporary file before the process ends; one left by SIGKILL is removed by the next run that
//! writes beside it (its pid is no longer alive).
//!
//! Unix only, as the rest of the CLI's file handling: `libc` (already in the dependency tree
//! through the terminal crates) gives the signal handler, `kill(pid, 0)` and the user's ids.

use std::ffi::{CString, OsString};
use std::fs::{File, Metadata};
use std::io::Write as _;
use std::os::unix::ffi::OsStringExt as _;
use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, OpenOptionsExt as _, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicPtr, Ordering};

/// What a temporary file's name carries between the target's name and the pid.
const TEMP_MARK: &str = ".backprop-tmp-";

/// Where the model goes, decided before training.
pub enum Out {
    /// A regular file (or none yet): replaced atomically.
    Replace(AtomicFile),
    /// `--force` on a device or a FIFO: written into, as `cp` does.
    Through { shown: PathBuf, target: PathBuf },
}

impl Out {
    /// Writes `text` whole; the error names the path the user gave.
    pub fn commit(self, text: &str) -> Result<(), String> {
        match self {
            Out::Replace(file) => file.commit(text),
            Out::Through { shown, target } => {
                let say = |e: std::io::Error| format!("{}: {e}", shown.display());
                let mut f = File::options().write(true).open(&target).map_err(say)?;
                f.write_all(text.as_bytes()).map_err(say)?;
                f.flush().map_err(say)
            }
        }
    }
}

/// Checks `path` as a place for the model and, when it will be replaced, makes the temporary
/// file beside it (so a folder that is missing or not writable fails now, not after training).
pub fn prepare(path: &Path, force: bool, data: Option<&Path>) -> Result<Out, String> {
    let shown = path.display().to_string();
    let say = |why: &dyn std::fmt::Display| format!("{shown}: {why}");
    let target = resolve(path).map_err(|e| say(&e))?;
    let existing = match std::fs::symlink_metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(say(&e)),
    };
    if let (Some(m), Some(data)) = (&existing, data) {
        if let Ok(d) = std::fs::metadata(data) {
            if d.dev() == m.dev() && d.ino() == m.ino() {
                return Err(format!(
                    "--out {shown} is the --data file; the model would overwrite the data (choose another --out)"
                ));
            }
        }
    }
    if let Some(m) = &existing {
        let kind = m.file_type();
        if kind.is_dir() {
            return Err(say(&"is a folder"));
        }
        if !kind.is_file() {
            let what = if kind.is_char_device() || kind.is_block_device() {
                "a device"
            } else if kind.is_fifo() {
                "a FIFO"
            } else {
                "a socket"
            };
            if !force {
                return Err(say(&format!(
                    "is {what}, not a regular file; the model is not written there (--force writes into it)"
                )));
            }
            return Ok(Out::Through {
                shown: path.to_path_buf(),
                target,
            });
        }
        if m.nlink() > 1 && !force {
            return Err(say(&format!(
                "has {} hard links; replacing it would split them (--force replaces this name only)",
                m.nlink()
            )));
        }
        if !writable_by_mode(m) && !force {
            return Err(say(&format!(
                "is read-only (mode {:04o}); --force replaces it",
                m.mode() & 0o7777
            )));
        }
    }
    AtomicFile::create(path, &target, existing.as_ref()).map(Out::Replace)
}

/// `path` with its symlinks followed to the name they end at (which need not exist yet).
fn resolve(path: &Path) -> Result<PathBuf, String> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p).map_err(|e| e.to_string())?;
                p = match p.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err("too many levels of symbolic links".into())
}

/// Whether the file's mode bits let this user write it: the owner's, group's or others' bit
/// by who the user is, and for root any write bit (root's `access()` would say yes to all).
fn writable_by_mode(m: &Metadata) -> bool {
    let mode = m.mode();
    // SAFETY: these calls only read the process's ids.
    let (euid, egid) = unsafe { (libc::geteuid(), libc::getegid()) };
    if euid == 0 {
        mode & 0o222 != 0
    } else if euid == m.uid() {
        mode & 0o200 != 0
    } else if egid == m.gid() || in_groups(m.gid()) {
        mode & 0o020 != 0
    } else {
        mode & 0o002 != 0
    }
}

fn in_groups(gid: libc::gid_t) -> bool {
    let mut groups = vec![0 as libc::gid_t; 256];
    // SAFETY: the buffer holds as many ids as its length says.
    let n = unsafe { libc::getgroups(groups.len() as libc::c_int, groups.as_mut_ptr()) };
    n > 0 && groups[..n as usize].contains(&gid)
}

/// The temporary file's path as a C string for the signal handler (null when there is none).
static TEMP: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());

/// Removes the temporary file and ends the process by the same signal (so the shell sees it).
/// Only async-signal-safe calls: `unlink`, `signal`, `raise`.
extern "C" fn on_signal(sig: libc::c_int) {
    let p = TEMP.swap(std::ptr::null_mut(), Ordering::SeqCst);
    // SAFETY: `p` is null or a C string that is never freed (see `AtomicFile::create`).
    unsafe {
        if !p.is_null() {
            libc::unlink(p);
        }
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

fn catch_signals() {
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler only makes async-signal-safe calls; a signal the parent set to be
        // ignored (as `nohup` does) stays ignored.
        unsafe {
            let old = libc::signal(
                sig,
                on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
            if old == libc::SIG_IGN {
                libc::signal(sig, libc::SIG_IGN);
            }
        }
    }
}

/// Whether process `pid` exists (a process of another user counts).
fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Removes temporary files of `name` in `dir` whose writer is gone (killed by SIGKILL, say).
fn sweep(dir: &Path, name: &str) {
    let prefix = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && pid > 0 && !alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A file written whole or not at all: the text goes to a temporary file in the target's
/// folder, which is renamed over the target only when every byte is on disk. Dropped without
/// [`AtomicFile::commit`], it removes the temporary file and leaves the target untouched.
pub struct AtomicFile {
    shown: PathBuf,
    target: PathBuf,
    temp: PathBuf,
    file: Option<File>,
}

impl AtomicFile {
    fn create(
        shown: &Path,
        target: &Path,
        existing: Option<&Metadata>,
    ) -> Result<AtomicFile, String> {
        let say = |e: &dyn std::fmt::Display| format!("{}: {e}", shown.display());
        let name = target
            .file_name()
            .ok_or_else(|| say(&"not a file name"))?
            .to_string_lossy()
            .into_owned();
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        sweep(&dir, &name);
        let temp = dir.join(format!(".{name}{TEMP_MARK}{}", std::process::id()));
        // The handler knows the name before the file exists, so no signal falls between.
        let c = CString::new(OsString::from(temp.clone()).into_vec()).map_err(|e| say(&e))?;
        catch_signals();
        // Never freed: the handler may read it at any moment.
        TEMP.store(c.into_raw(), Ordering::SeqCst);
        let open = || {
            File::options()
                .write(true)
                .create_new(true)
                .mode(0o666)
                .open(&temp)
        };
        let file = match open() {
            // Left by an earlier process with this pid: that process is gone.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let _ = std::fs::remove_file(&temp);
                open()
            }
            other => other,
        }
        .map_err(|e| {
            TEMP.store(std::ptr::null_mut(), Ordering::SeqCst);
            say(&e)
        })?;
        let made = AtomicFile {
            shown: shown.to_path_buf(),
            target: target.to_path_buf(),
            temp,
            file: Some(file),
        };
        if let (Some(m), Some(file)) = (existing, &made.file) {
            file.set_permissions(std::fs::Permissions::from_mode(m.mode() & 0o7777))
                .map_err(|e| say(&e))?;
            // Only root can give the file to its owner; for others it is theirs already.
            let _ = std::os::unix::fs::fchown(file, Some(m.uid()), Some(m.gid()));
        }
        Ok(made)
    }

    /// Writes `text`, syncs and renames into place.
    fn commit(mut self, text: &str) -> Result<(), String> {
        let say = |e: std::io::Error| format!("{}: {e}", self.shown.display());
        let mut file = self
            .file
            .take()
            .ok_or_else(|| say(std::io::Error::other("closed")))?;
        file.write_all(text.as_bytes()).map_err(say)?;
        file.sync_all().map_err(say)?;
        drop(file);
        std::fs::rename(&self.temp, &self.target).map_err(say)?;
        TEMP.store(std::ptr::null_mut(), Ordering::SeqCst);
        self.temp = PathBuf::new();
        if let Some(dir) = self.target.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            TEMP.store(std::ptr::null_mut(), Ordering::SeqCst);
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
