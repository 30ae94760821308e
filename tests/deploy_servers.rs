//! `gazette deploy` against real servers started on loopback: `sshd` with
//! `rsync` (an unprivileged user, a throwaway key) and an S3 server (moto's,
//! from PyPI). The scenario is the folder's (`tests/common/deploy.rs`);
//! here are what each protocol adds: the remote shell, headers read back
//! from the store, a prefix never left.
//!
//! Ignored by default (they need `sshd`, `rsync` and moto's S3 server, which
//! `.ci/run` installs): `cargo test --test deploy_servers -- --ignored`.
//! Unix only: sshd, and file ownership.
#![cfg(unix)]

mod common;

use common::deploy::*;
use common::*;
use std::collections::BTreeMap;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free loopback port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, server: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = server.try_wait().unwrap() {
            panic!("{what} exited ({status}) before listening");
        }
        assert!(Instant::now() < deadline, "{what} never listened on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills the server when the test ends, passed or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (`.ci/run` installs what these tests need)"));
    assert!(out.status.success(), "{program} {args:?}: {}", stderr(&out));
}

/// What a folder holds.
fn held_in(dir: &Path) -> Held {
    tree(dir).into_iter().collect()
}

/// The user the SSH test logs in as: an unprivileged one when the tests run
/// as root (`.ci/run` creates it), else the current user (an sshd started
/// without privileges can only log that user in).
fn ssh_user() -> (String, Option<(u32, u32)>) {
    let me = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    if me.trim() != "root" {
        return (me.trim().to_string(), None);
    }
    let id = |flag: &str| -> u32 {
        let out = Command::new("id")
            .args([flag, "gazette-deploy"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "no user gazette-deploy: `.ci/run` creates it (useradd -m gazette-deploy)"
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    ("gazette-deploy".into(), Some((id("-u"), id("-g"))))
}

#[test]
#[ignore = "needs sshd and rsync: .ci/run installs them"]
fn rsync_over_ssh_sends_only_what_changed() {
    use std::os::unix::fs::PermissionsExt;
    let keys = tempfile::tempdir().unwrap();
    let k = keys.path();
    std::fs::set_permissions(k, std::fs::Permissions::from_mode(0o755)).unwrap();
    run(
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            k.join("host").to_str().unwrap(),
        ],
    );
    run(
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            k.join("id").to_str().unwrap(),
        ],
    );
    std::fs::copy(k.join("id.pub"), k.join("authorized_keys")).unwrap();
    std::fs::set_permissions(
        k.join("authorized_keys"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let (user, ids) = ssh_user();
    // The folder the server publishes, owned by the user rsync logs in as.
    let www_parent = tempfile::tempdir().unwrap();
    std::fs::set_permissions(www_parent.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let www = www_parent.path().join("www");
    std::fs::create_dir(&www).unwrap();
    if let Some((uid, gid)) = ids {
        std::os::unix::fs::chown(&www, Some(uid), Some(gid)).unwrap();
        let _ = std::fs::create_dir_all("/run/sshd");
    }
    let port = free_port();
    let config = k.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {keys}\nStrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPidFile {pid}\nAllowUsers {user}\n",
            host = k.join("host").display(),
            keys = k.join("authorized_keys").display(),
            pid = k.join("sshd.pid").display(),
        ),
    )
    .unwrap();
    let sshd = ["/usr/sbin/sshd", "/usr/bin/sshd"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("sshd (Debian's openssh-server; `.ci/run` installs it)");
    let mut child = Command::new(sshd)
        .args(["-D", "-e", "-f", config.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(port, &mut child, "sshd");
    let _server = Server(child);
    let ssh = format!(
        "ssh -p {port} -i {} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR",
        k.join("id").display()
    );
    let f = Fixture::bilingual();
    news_site(
        &f,
        &format!(
            "[deploy.server]\nkind = \"rsync\"\ndestination = \"{user}@127.0.0.1:{}/\"\nssh = \"{ssh}\"\n",
            www.display()
        ),
    );
    scenario(&f, &[], &|| held_in(&www));
    let example = Fixture::bilingual();
    let example_www = www_parent.path().join("example");
    std::fs::create_dir(&example_www).unwrap();
    if let Some((uid, gid)) = ids {
        std::os::unix::fs::chown(&example_www, Some(uid), Some(gid)).unwrap();
    }
    example_site(
        &example,
        &format!(
            "[deploy.server]\nkind = \"rsync\"\ndestination = \"{user}@127.0.0.1:{}/\"\nssh = \"{ssh}\"\n",
            example_www.display()
        ),
    );
    example_site_twice(&example, &[], &|| held_in(&example_www));
    // The files belong to the user the server logged in: they were sent
    // over SSH, not copied by this process.
    if let Some((uid, _)) = ids {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(
            std::fs::metadata(www.join("fr/index.html")).unwrap().uid(),
            uid
        );
    }
    assert!(
        !www.join("fr/2025/03/la-fin").exists(),
        "emptied folders go too"
    );
}

/// An S3 server (moto) on a free port; its address.
fn start_s3() -> (Server, String) {
    let port = free_port();
    let mut child = Command::new("python3")
        .args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3");
    wait_for_port(
        port,
        &mut child,
        "moto's S3 server (`pip install 'moto[server]'`; `.ci/run` installs it)",
    );
    // Its port opens before it answers: wait for a first HTTP answer (any
    // status), or a test's first request can be reset.
    let endpoint = format!("http://127.0.0.1:{port}");
    let start = std::time::Instant::now();
    while let Err(ureq::Error::Io(_)) = ureq::get(&endpoint).call() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "moto's S3 server never answered"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    (Server(child), endpoint)
}

/// Every object under `prefix/` in `bucket`, read back with boto3 (which
/// comes with moto): key → (bytes, Content-Type, Cache-Control).
fn objects(
    endpoint: &str,
    bucket: &str,
    prefix: &str,
) -> BTreeMap<String, (Vec<u8>, String, String)> {
    let script = r#"
import json, os, sys, boto3
endpoint, bucket, prefix, into = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
out = {}
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
    for n, o in enumerate(page.get("Contents", [])):
        got = s3.get_object(Bucket=bucket, Key=o["Key"])
        name = f"{len(out)}"
        with open(os.path.join(into, name), "wb") as f:
            f.write(got["Body"].read())
        out[o["Key"]] = [name, got.get("ContentType", ""), got.get("CacheControl", "")]
print(json.dumps(out))
"#;
    let into = tempfile::tempdir().unwrap();
    let out = Command::new("python3")
        .args([
            "-c",
            script,
            endpoint,
            bucket,
            prefix,
            into.path().to_str().unwrap(),
        ])
        .output()
        .expect("python3");
    assert!(out.status.success(), "{}", stderr(&out));
    let listed: BTreeMap<String, (String, String, String)> =
        serde_json::from_slice(&out.stdout).unwrap();
    listed
        .into_iter()
        .map(|(key, (file, content_type, cache))| {
            let bytes = std::fs::read(into.path().join(file)).unwrap();
            (key, (bytes, content_type, cache))
        })
        .collect()
}

/// What the site's prefix holds, as the scenario compares it.
fn held_in_bucket(endpoint: &str, bucket: &str, prefix: &str) -> Held {
    objects(endpoint, bucket, prefix)
        .into_iter()
        .map(|(key, (bytes, _, _))| (key[prefix.len()..].to_string(), bytes))
        .collect()
}

#[test]
#[ignore = "needs moto's server (PyPI): .ci/run installs it"]
fn an_s3_store_gets_only_what_changed_with_its_headers() {
    let (_server, endpoint) = start_s3();
    let bucket = "gazette-test";
    ureq::put(&format!("{endpoint}/{bucket}"))
        .send_empty()
        .unwrap();
    // Something else in the bucket, outside the site's prefix.
    ureq::put(&format!("{endpoint}/{bucket}/other/keep.txt"))
        .send(&b"not the site's"[..])
        .unwrap();
    let f = Fixture::bilingual();
    news_site(
        &f,
        &format!(
            "[deploy.cdn]\nkind = \"s3\"\nbucket = \"{bucket}\"\nprefix = \"site/\"\nregion = \"eu-west-3\"\nendpoint = \"{endpoint}\"\n"
        ),
    );
    // Credentials come from the environment, as in CI.
    let env = [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
    ];
    scenario(&f, &env, &|| held_in_bucket(&endpoint, bucket, "site/"));
    // Headers as promised, read back from the store.
    let stored = objects(&endpoint, bucket, "site/");
    let headers = |key: &str| {
        let (_, content_type, cache) = &stored[&format!("site/{key}")];
        (content_type.as_str(), cache.as_str())
    };
    let revalidated = "public, max-age=0, must-revalidate";
    assert_eq!(
        headers("fr/index.html"),
        ("text/html; charset=utf-8", revalidated)
    );
    assert_eq!(
        headers("fr/atom.xml"),
        ("application/atom+xml; charset=utf-8", revalidated)
    );
    assert_eq!(
        headers("sitemap.xml"),
        ("text/xml; charset=utf-8", revalidated)
    );
    let css = attr(
        one(&f.html("fr/index.html"), r#"link[rel="stylesheet"]"#),
        "href",
    );
    let css = css.strip_prefix("/blog/").unwrap();
    assert_eq!(
        headers(css),
        (
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable"
        )
    );
    let image = stored
        .keys()
        .find(|k| k.ends_with(".webp"))
        .expect("an image variant")
        .strip_prefix("site/")
        .unwrap();
    assert_eq!(headers(image), ("image/webp", "public, max-age=3600"));
    // Never outside the prefix.
    let other = objects(&endpoint, bucket, "other/");
    assert_eq!(other["other/keep.txt"].0, b"not the site's");
    // Keys from the shared credentials file, for the profile asked for.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/credentials"),
        "[default]\naws_access_key_id = nope\n[newsroom]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .unwrap();
    let from_file = [
        ("HOME", home.path().to_str().unwrap()),
        ("AWS_PROFILE", "newsroom"),
    ];
    let again = deploy(&f, &[], &from_file).unwrap();
    assert!(sent(&again).is_empty(), "{again}");
    // The example site, under another prefix of the same bucket.
    let example = Fixture::bilingual();
    example_site(
        &example,
        &format!(
            "[deploy.cdn]\nkind = \"s3\"\nbucket = \"{bucket}\"\nprefix = \"example\"\nendpoint = \"{endpoint}\"\n"
        ),
    );
    example_site_twice(&example, &env, &|| {
        held_in_bucket(&endpoint, bucket, "example/")
    });
}
