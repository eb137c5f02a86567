//! The command line's test helpers, shared by every test that runs the
//! built `baogao` binary (`cli*.rs`, `docx.rs`): spawning it in a folder,
//! with standard input and environment, and reading what it printed. The
//! colour tests need `NO_COLOR` unset, so every run starts without it.

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `baogao ARGS` in `dir` (the package folder when `None`), with
/// `stdin` piped in (or none), and `env` set.
pub fn spawn<S: AsRef<OsStr>>(
    dir: Option<&Path>,
    args: &[S],
    stdin: Option<&[u8]>,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baogao"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run baogao");
    if let Some(bytes) = stdin {
        // A command that exits before reading everything closes the pipe.
        let _ = child.stdin.take().expect("piped").write_all(bytes);
    }
    child.wait_with_output().expect("baogao finishes")
}

/// `baogao ARGS` in `dir`.
pub fn baogao(dir: &Path, args: &[&str]) -> Output {
    spawn(Some(dir), args, None, &[])
}

/// `baogao ARGS` in `dir` with `env` set.
pub fn baogao_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    spawn(Some(dir), args, None, env)
}

/// `baogao ARGS` in `dir`, `stdin` piped in, `env` set.
pub fn baogao_io(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    spawn(Some(dir), args, stdin, env)
}

/// `baogao ARGS PATHS` in the package folder.
pub fn run(args: &[&str], paths: &[&Path]) -> Output {
    let all: Vec<&OsStr> = args
        .iter()
        .map(OsStr::new)
        .chain(paths.iter().map(|p| p.as_os_str()))
        .collect();
    spawn(None, &all, None, &[])
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as a JSON array.
pub fn json_array(out: &Output) -> Vec<Value> {
    match serde_json::from_slice(&out.stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!(
            "stdout is not a JSON array: {other:?}\nstdout:\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        ),
    }
}

/// Writes `bytes` to `dir/name`, creating folders.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write file");
    path
}

/// A file of `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
