//! An rsync target (`kind = "rsync"`): a folder on any server reached over
//! SSH, through the system's `rsync` (and `ssh`, or the `ssh = "…"`
//! setting). Gazette decides what to send from the target's record; rsync
//! moves exactly those files, one phase at a time, comparing checksums
//! rather than times (every build rewrites every file). rsync writes each
//! file under a temporary name and renames it into place, so a reader never
//! gets half a file. Nothing here builds a shell command from the paths:
//! they go to rsync in a NUL-separated list.

use super::local::LocalFile;
use super::target::{Failure, Target};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// A destination `rsync` takes (`user@host:/srv/www/site/`).
pub struct Rsync {
    destination: String,
    ssh: Option<String>,
    /// Scratch space: file lists, an empty folder, the record read back.
    scratch: tempfile::TempDir,
    /// What the target holds, kept up to date as files come and go, to
    /// know which folders a deletion leaves empty.
    held: BTreeSet<String>,
}

impl Rsync {
    /// A target for `destination`, through the remote shell `ssh` if given.
    pub fn new(destination: &str, ssh: Option<&str>) -> crate::error::Result<Rsync> {
        let scratch =
            tempfile::tempdir().map_err(|e| crate::error::Error::io("a temporary folder", e))?;
        let mut destination = destination.trim().to_string();
        if !destination.ends_with('/') {
            destination.push('/');
        }
        Ok(Rsync {
            destination,
            ssh: ssh.map(String::from),
            scratch,
            held: BTreeSet::new(),
        })
    }

    fn rsync(&self) -> Command {
        let mut c = Command::new("rsync");
        if let Some(ssh) = &self.ssh {
            c.arg("-e").arg(ssh);
        }
        c.stdin(Stdio::null());
        c
    }

    /// Writes `paths` as a NUL-separated list for `--files-from`.
    fn list_file(&self, name: &str, paths: &[&str]) -> Result<std::path::PathBuf, Failure> {
        let path = self.scratch.path().join(name);
        let mut bytes = Vec::new();
        for p in paths {
            bytes.extend_from_slice(p.as_bytes());
            bytes.push(0);
        }
        std::fs::write(&path, bytes)
            .map_err(|e| Failure::new(format!("cannot write a temporary list: {e}")))?;
        Ok(path)
    }

    /// Runs `command`, giving each line it prints to `line`; a failure
    /// carries the end of what rsync said.
    fn run(mut command: Command, line: &mut dyn FnMut(&str)) -> Result<(), String> {
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot run rsync ({e}): is it installed?"))?;
        let stderr = child.stderr.take().expect("piped");
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut text);
            text
        });
        for l in BufReader::new(child.stdout.take().expect("piped")).lines() {
            match l {
                Ok(l) => line(&l),
                Err(_) => break,
            }
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        let said = errors.join().unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            let last: Vec<&str> = said.lines().rev().take(3).collect();
            let said: Vec<&str> = last.into_iter().rev().collect();
            Err(format!("rsync failed ({status}): {}", said.join(" / ")))
        }
    }
}

/// A path as `rsync --list-only` prints it (escapes `\#ooo` decoded), or
/// `None` for folders.
fn listed(line: &str) -> Option<(String, u64)> {
    let mut rest = line;
    let mut fields = Vec::new();
    for _ in 0..4 {
        rest = rest.trim_start();
        let end = rest.find(' ')?;
        fields.push(&rest[..end]);
        rest = &rest[end..];
    }
    let name = rest.strip_prefix(' ')?;
    let kind = fields[0].chars().next()?;
    if kind == 'd' {
        return None;
    }
    let name = match kind {
        'l' => name.split(" -> ").next()?,
        _ => name,
    };
    let size = fields[1].replace(',', "").parse().ok()?;
    Some((unescape(name), size))
}

/// Decodes rsync's `\#ooo` escapes of bytes it does not print as they are.
fn unescape(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && bytes.get(i + 1) == Some(&b'#')
            && let Some(b) = name
                .get(i + 2..i + 5)
                .and_then(|o| u8::from_str_radix(o, 8).ok())
        {
            out.push(b);
            i += 5;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn missing(message: &str) -> bool {
    message.contains("No such file or directory")
}

impl Target for Rsync {
    fn list(&mut self) -> Result<BTreeMap<String, u64>, Failure> {
        let mut out = BTreeMap::new();
        let result = super::retry(|| {
            out.clear();
            let mut c = self.rsync();
            c.args(["--list-only", "-r", "--no-human-readable", "-8"])
                .arg(&self.destination);
            Rsync::run(c, &mut |line| {
                if let Some((path, size)) = listed(line) {
                    out.insert(path, size);
                }
            })
            .or_else(|m| {
                if missing(&m) {
                    Ok(())
                } else {
                    Err(Failure::new(m))
                }
            })
        });
        result?;
        out.remove(".");
        self.held = out.keys().cloned().collect();
        Ok(out)
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Failure> {
        let into = self.scratch.path().join("read");
        let _ = std::fs::remove_file(&into);
        let mut c = self.rsync();
        c.arg("--no-motd")
            .arg(format!("{}{path}", self.destination))
            .arg(&into);
        match Rsync::run(c, &mut |_| {}) {
            Ok(()) => std::fs::read(&into)
                .map(Some)
                .map_err(|e| Failure::on(path, e.to_string())),
            Err(m) if missing(&m) => Ok(None),
            Err(m) => Err(Failure::on(path, m)),
        }
    }

    fn send(
        &mut self,
        root: &Path,
        files: &[&LocalFile],
        sent: &mut dyn FnMut(&LocalFile),
    ) -> Result<(), Failure> {
        let by_path: BTreeMap<&str, &LocalFile> =
            files.iter().map(|f| (f.path.as_str(), *f)).collect();
        let list = self.list_file("send", &by_path.keys().copied().collect::<Vec<_>>())?;
        let mut told = BTreeSet::new();
        super::retry(|| {
            let mut c = self.rsync();
            c.args(["-rlt", "--checksum", "--from0", "--out-format=%n"])
                .arg(format!("--files-from={}", list.display()))
                .arg(format!("{}/", root.display()))
                .arg(&self.destination);
            Rsync::run(c, &mut |line| {
                if let Some(f) = by_path.get(line)
                    && told.insert(line.to_string())
                {
                    sent(f);
                }
            })
            .map_err(Failure::new)
        })?;
        // Files rsync found already identical are in place too.
        for (path, f) in &by_path {
            if !told.contains(*path) {
                sent(f);
            }
            self.held.insert(path.to_string());
        }
        Ok(())
    }

    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Failure> {
        let dir = self.scratch.path().join("record");
        std::fs::create_dir_all(&dir).map_err(|e| Failure::on(path, e.to_string()))?;
        std::fs::write(dir.join(path), bytes).map_err(|e| Failure::on(path, e.to_string()))?;
        super::retry(|| {
            let mut c = self.rsync();
            c.arg("-t")
                .arg(dir.join(path))
                .arg(format!("{}{path}", self.destination));
            Rsync::run(c, &mut |_| {}).map_err(|m| Failure::on(path, m))
        })
    }

    fn delete(&mut self, root: &Path, paths: &[String]) -> Result<(), Failure> {
        for p in paths {
            self.held.remove(p);
        }
        // rsync deletes what the built site lacks among the paths included
        // (their folders included so rsync walks down to them); everything
        // else is excluded, and so protected. Folders left empty go too;
        // rsync never removes one that still holds a file. (Not
        // `--delete-missing-args`: rsync 3.2.7 fails on it with
        // `--files-from`.)
        let mut rules: BTreeSet<String> = BTreeSet::new();
        for p in paths {
            rules.insert(format!("/{}", pattern(p)));
            let mut at = p.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                rules.insert(format!("/{}/", pattern(parent)));
                at = parent;
            }
        }
        let list = self.scratch.path().join("delete");
        let text: String = rules.iter().map(|r| format!("{r}\n")).collect();
        std::fs::write(&list, text)
            .map_err(|e| Failure::new(format!("cannot write a temporary list: {e}")))?;
        super::retry(|| {
            let mut c = self.rsync();
            c.args(["-r", "--delete", "--existing", "--ignore-existing"])
                .arg(format!("--include-from={}", list.display()))
                .arg("--exclude=*")
                .arg(format!("{}/", root.display()))
                .arg(&self.destination);
            Rsync::run(c, &mut |_| {}).map_err(Failure::new)
        })
    }
}

/// `path` as an rsync filter pattern matching itself only: wildcards
/// escaped (rsync reads backslashes as escapes once a pattern has one).
fn pattern(path: &str) -> String {
    path.chars()
        .flat_map(|c| match c {
            '*' | '?' | '[' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_patterns_match_the_path_only() {
        assert_eq!(pattern("fr/a/index.html"), "fr/a/index.html");
        assert_eq!(pattern("media/st[ar]*?.png"), "media/st\\[ar]\\*\\?.png");
    }

    #[test]
    fn listings_are_read_as_rsync_prints_them() {
        assert_eq!(
            listed("drwxr-xr-x           4096 2026/12/02 03:31:52 ."),
            None
        );
        assert_eq!(
            listed("-rw-r--r--            812 2026/12/02 03:31:52 fr/a b/index.html"),
            Some(("fr/a b/index.html".into(), 812))
        );
        assert_eq!(
            listed("-rw-r--r--          1,234 2026/12/02 03:31:52 x"),
            Some(("x".into(), 1234))
        );
        assert_eq!(
            listed("lrwxrwxrwx              4 2026/12/02 03:31:52 l -> /etc"),
            Some(("l".into(), 4))
        );
        assert_eq!(
            listed("-rw-r--r--              1 2026/12/02 03:31:52 a\\#012b"),
            Some(("a\nb".into(), 1))
        );
    }
}
