//! `kelisim-conformance`: the black-box suite every receiver of consent records passes.
//!
//! It starts the receiver under test with `--start CMD` (a shell command, in a process group of
//! its own, so that it can be killed with SIGKILL and started again on the same database), talks
//! HTTP to `--url`, and reads the ledger with `--export CMD` (a shell command printing the JSON
//! Lines export of docs/ledger-format.md on stdout). The receiver must be configured with the
//! cookie name `kelisim` and exactly one allowed CORS origin, `--origin` (default
//! `https://shop.example.kz`).
//!
//! Checks (names for `--skip`): `schema`, `client-time`, `too-large`, `media-type`, `repeat`,
//! `cookie`, `cookie-clamp`, `cors`, `cors-forbidden`, `origin-stored`, `no-ip`, `chain`,
//! `durable`, `concurrent`. `--skip` exists for the Rust receiver only, while it catches up with
//! the agreed rules; the other receivers run every check. `--verify CMD` also runs CMD with the
//! export's path appended (`kelisim-receiver verify-export`). Exit status 1 when a check fails.

mod http;
mod ledger;

use kelisim::time::DateTime;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const USAGE: &str = "usage: kelisim-conformance --start CMD --url URL --export CMD \
[--origin ORIGIN] [--verify CMD] [--skip CHECK]... [--only CHECK]...";

struct Suite {
    start: String,
    url: String,
    export: String,
    origin: String,
    verify: Option<String>,
    skip: Vec<String>,
    only: Vec<String>,
    child: Option<Child>,
    failures: Vec<String>,
    passed: usize,
}

/// A check of the suite: its name and what runs it.
type Step = (&'static str, fn(&mut Suite));

static COUNTER: AtomicU64 = AtomicU64::new(1);

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A UUID v4-shaped id, unique in the run.
fn uuid() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        t as u32,
        (t >> 32) as u16,
        std::process::id() & 0xfff,
        (n >> 48) & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

fn rfc3339(unix: i64) -> String {
    DateTime::from_unix(unix).rfc3339()
}

/// A valid cookie record of `consent_id` chosen at `given` (Unix seconds).
fn record(consent_id: &str, given: i64) -> Value {
    json!({
        "record_id": uuid(),
        "consent_id": consent_id,
        "event": "given",
        "action": "accept-all",
        "screen": "banner",
        "client_time": rfc3339(given),
        "revision": 3,
        "language": "kk",
        "texts_sha256": "ab".repeat(32),
        "categories": {"necessary": true, "analytics": true, "marketing": false},
        "services": {"google-analytics": true},
        "third_parties": true,
        "third_party_providers": ["Google LLC"],
        "cross_border": true,
        "cross_border_countries": ["US"],
        "published": false,
        "page_url": "https://shop.example.kz/",
        "user_agent": "kelisim-conformance",
        "gpc": false,
        "kelisim_version": "0.1.0",
        "expires": rfc3339(kelisim::time::consent_expiry(given)),
        "operator_bin": "123456789012",
        "policy_version": "2026-01-01",
        "previous_record_id": null
    })
}

/// The `Set-Cookie` value the receiver must send for `record`, expiring at `expires`.
fn expected_cookie(record: &Value, expires: i64) -> String {
    let granted: kelisim::ids::Ids = record["categories"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v.as_bool() == Some(true))
        .map(|(k, _)| k.clone())
        .collect();
    let consent = kelisim::consent::Consent {
        id: record["consent_id"].as_str().unwrap().into(),
        revision: record["revision"].as_u64().unwrap() as u32,
        given: kelisim::time::parse_instant(record["client_time"].as_str().unwrap()).unwrap(),
        language: kelisim::lang::Lang::from_code(record["language"].as_str().unwrap()).unwrap(),
        granted,
        gpc: record["gpc"].as_bool().unwrap(),
    };
    kelisim::cookie::set_string(
        "kelisim",
        &kelisim::cookie::encode(&consent),
        expires,
        &kelisim::cookie::Attributes {
            domain: None,
            path: "/",
            secure: false,
        },
    )
}

impl Suite {
    fn wants(&self, check: &str) -> bool {
        !self.skip.iter().any(|s| s == check)
            && (self.only.is_empty() || self.only.iter().any(|s| s == check))
    }

    fn check(&mut self, name: &str, ok: bool, detail: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
        } else {
            let line = format!("{name}: {}", detail());
            eprintln!("FAIL {line}");
            self.failures.push(line);
        }
    }

    fn start(&mut self) {
        use std::os::unix::process::CommandExt;
        let child = Command::new("sh")
            .arg("-c")
            .arg(format!("exec {}", self.start))
            .process_group(0)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run `{}`: {e}", self.start));
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if http::request(&self.url, "GET", "/healthz", &[], b"").is_ok() {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
                panic!(
                    "the receiver exited ({status}) before answering: {}",
                    self.start
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the receiver did not answer at {} within 20 s", self.url);
    }

    /// SIGKILL to the receiver's process group (no chance to flush anything).
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id();
            // Only the group the receiver leads (`process_group(0)`), never the suite's own.
            let pid = pid as libc::pid_t;
            // SAFETY: plain system calls on a process id.
            unsafe {
                if pid > 1 && libc::getpgid(pid) == pid && libc::getpgid(0) != pid {
                    libc::killpg(pid, libc::SIGKILL);
                }
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn post(&self, body: &str, headers: &[(&str, &str)]) -> http::Answer {
        let mut all = headers.to_vec();
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            all.push(("Content-Type", "application/json"));
        }
        http::request(&self.url, "POST", "/consent", &all, body.as_bytes())
            .unwrap_or_else(|e| panic!("POST {}: {e}", self.url))
    }

    fn export(&self) -> (String, Vec<ledger::Row>) {
        let out = Command::new("sh")
            .arg("-c")
            .arg(&self.export)
            .stderr(Stdio::inherit())
            .output()
            .unwrap_or_else(|e| panic!("cannot run `{}`: {e}", self.export));
        assert!(
            out.status.success(),
            "`{}` failed: {}",
            self.export,
            out.status
        );
        let text = String::from_utf8(out.stdout).expect("the export is not UTF-8");
        let rows = ledger::parse(&text).unwrap_or_else(|e| panic!("the export: {e}"));
        (text, rows)
    }

    fn schema(&mut self) {
        let base = record(&uuid(), now());
        let with = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
            let mut r = base.clone();
            f(r.as_object_mut().unwrap());
            r.to_string()
        };
        // (what, body, the paths of the problems: exactly these)
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            (
                "missing record_id",
                with(&|r| {
                    r.remove("record_id");
                }),
                vec![""],
            ),
            (
                "consent_id not a UUID",
                with(&|r| {
                    r.insert("consent_id".into(), json!("nope"));
                }),
                vec!["/consent_id"],
            ),
            (
                "unknown field",
                with(&|r| {
                    r.insert("ip".into(), json!("10.0.0.1"));
                }),
                vec!["/ip"],
            ),
            (
                "unknown action",
                with(&|r| {
                    r.insert("action".into(), json!("click"));
                }),
                vec!["/action"],
            ),
            (
                "negative revision",
                with(&|r| {
                    r.insert("revision".into(), json!(-1));
                }),
                vec!["/revision"],
            ),
            (
                "language",
                with(&|r| {
                    r.insert("language".into(), json!("de"));
                }),
                vec!["/language"],
            ),
            (
                "category value",
                with(&|r| {
                    r.insert("categories".into(), json!({"analytics": "yes"}));
                }),
                vec!["/categories/analytics"],
            ),
            (
                "country",
                with(&|r| {
                    r.insert("cross_border_countries".into(), json!(["us"]));
                }),
                vec!["/cross_border_countries/0"],
            ),
            (
                "processing without form",
                with(&|r| {
                    r.insert("kind".into(), json!("processing"));
                    r.insert("purpose".into(), json!("marketing"));
                    r.insert("form".into(), Value::Null);
                }),
                vec!["/form"],
            ),
            (
                "two problems",
                with(&|r| {
                    r.insert("gpc".into(), json!("no"));
                    r.insert("texts_sha256".into(), json!("AB"));
                }),
                vec!["/gpc", "/texts_sha256"],
            ),
        ];
        for (what, body, paths) in cases {
            let a = self.post(&body, &[]);
            let got: BTreeSet<String> = a
                .json()
                .and_then(|v| v["problems"].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .map(|p| p["path"].as_str().unwrap_or("?").to_owned())
                .collect();
            let want: BTreeSet<String> = paths.iter().map(|s| s.to_string()).collect();
            self.check("schema", a.status == 400 && got == want, || {
                format!(
                    "{what}: want 400 with problems at {want:?}, got {} {}",
                    a.status,
                    a.text()
                )
            });
        }
        let a = self.post("{\"record_id\":", &[]);
        self.check(
            "schema",
            a.status == 400 && a.json().is_some_and(|v| v["error"].is_string()),
            || {
                format!(
                    "invalid JSON: want 400 with an error, got {} {}",
                    a.status,
                    a.text()
                )
            },
        );
        let a = self.post("[1,2]", &[]);
        self.check("schema", a.status == 400, || {
            format!("an array: want 400, got {}", a.status)
        });
        // A missing field's problem names the field.
        let a = self.post(
            &with(&|r| {
                r.remove("consent_id");
            }),
            &[],
        );
        self.check("schema", a.text().contains("consent_id"), || {
            format!("a missing field is named: {}", a.text())
        });
    }

    fn client_time(&mut self) {
        for (what, at) in [
            ("25 h ago", now() - 25 * 3600),
            ("25 h ahead", now() + 25 * 3600),
        ] {
            let a = self.post(&record(&uuid(), at).to_string(), &[]);
            let named = a
                .json()
                .and_then(|v| v["problems"].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .any(|p| p["path"] == "/client_time");
            self.check("client-time", a.status == 400 && named, || {
                format!(
                    "client_time {what}: want 400 naming /client_time, got {} {}",
                    a.status,
                    a.text()
                )
            });
        }
        let a = self.post(&record(&uuid(), now() - 23 * 3600).to_string(), &[]);
        self.check("client-time", a.status == 201, || {
            format!(
                "client_time 23 h ago: want 201, got {} {}",
                a.status,
                a.text()
            )
        });
    }

    fn limits(&mut self) {
        if self.wants("too-large") {
            let mut r = record(&uuid(), now());
            r["user_agent"] = json!("x".repeat(70 * 1024));
            let a = self.post(&r.to_string(), &[]);
            self.check("too-large", a.status == 413, || {
                format!("70 KiB: want 413, got {}", a.status)
            });
        }
        if self.wants("media-type") {
            let body = record(&uuid(), now()).to_string();
            let a = http::request(
                &self.url,
                "POST",
                "/consent",
                &[("Content-Type", "application/x-www-form-urlencoded")],
                body.as_bytes(),
            )
            .unwrap();
            self.check("media-type", a.status == 415, || {
                format!("form type: want 415, got {}", a.status)
            });
            let a = self.post(
                &record(&uuid(), now()).to_string(),
                &[("Content-Type", "text/plain;charset=UTF-8")],
            );
            self.check("media-type", a.status == 201, || {
                format!(
                    "text/plain (sendBeacon): want 201, got {} {}",
                    a.status,
                    a.text()
                )
            });
        }
    }

    fn repeat(&mut self) {
        let r = record(&uuid(), now()).to_string();
        let first = self.post(&r, &[]);
        let second = self.post(&r, &[]);
        let status =
            |a: &http::Answer| a.json().map(|v| v["status"].clone()).unwrap_or(Value::Null);
        self.check(
            "repeat",
            first.status == 201 && status(&first) == "stored",
            || {
                format!(
                    "a new record: want 201 stored, got {} {}",
                    first.status,
                    first.text()
                )
            },
        );
        self.check(
            "repeat",
            second.status == 200 && status(&second) == "repeat",
            || {
                format!(
                    "the same record again: want 200 repeat, got {} {}",
                    second.status,
                    second.text()
                )
            },
        );
        let id: Value = serde_json::from_str(&r).unwrap();
        let (_, rows) = self.export();
        let n = rows
            .iter()
            .filter(|row| row.record_id == id["record_id"])
            .count();
        self.check("repeat", n == 1, || {
            format!("the record is in the export {n} times, not once")
        });
    }

    fn cookie(&mut self) {
        let consent = uuid();
        let t = now();
        let a_rec = record(&consent, t - 2 * 3600);
        let a = self.post(&a_rec.to_string(), &[]);
        let want = expected_cookie(&a_rec, kelisim::time::consent_expiry(t - 2 * 3600));
        self.check(
            "cookie",
            a.header("set-cookie") == Some(want.as_str()),
            || format!("want Set-Cookie `{want}`, got {:?}", a.header("set-cookie")),
        );
        let b_rec = record(&consent, t - 3600);
        let b = self.post(&b_rec.to_string(), &[]);
        let want = expected_cookie(&b_rec, kelisim::time::consent_expiry(t - 3600));
        self.check(
            "cookie",
            b.header("set-cookie") == Some(want.as_str()),
            || {
                format!(
                    "a later choice: want Set-Cookie `{want}`, got {:?}",
                    b.header("set-cookie")
                )
            },
        );
        // A late retry of an earlier choice must not roll the cookie back.
        let late = self.post(&record(&consent, t - 3 * 3600).to_string(), &[]);
        self.check(
            "cookie",
            late.status == 201 && late.header("set-cookie").is_none(),
            || {
                format!(
                    "an earlier choice arriving late: want 201 without Set-Cookie, got {} {:?}",
                    late.status,
                    late.header("set-cookie")
                )
            },
        );
        // The repeat of the latest choice re-issues it again.
        let again = self.post(&b_rec.to_string(), &[]);
        self.check(
            "cookie",
            again.status == 200 && again.header("set-cookie") == Some(want.as_str()),
            || {
                format!(
                    "a repeat re-issues the cookie: got {} {:?}",
                    again.status,
                    again.header("set-cookie")
                )
            },
        );
        // A processing record never sets the consent cookie.
        let mut p = record(&uuid(), t);
        p["kind"] = json!("processing");
        p["form"] = json!("loan");
        p["purpose"] = json!("marketing");
        p["action"] = json!("submit");
        p["screen"] = json!("form");
        p["expires"] = Value::Null;
        let a = self.post(&p.to_string(), &[]);
        self.check(
            "cookie",
            a.status == 201 && a.header("set-cookie").is_none(),
            || {
                format!(
                    "a processing record: want 201 without Set-Cookie, got {} {:?}",
                    a.status,
                    a.header("set-cookie")
                )
            },
        );
    }

    fn cookie_clamp(&mut self) {
        // A clock ahead of the receiver's: 13 months from the receiver's now, not from client_time.
        let r = record(&uuid(), now() + 3 * 3600);
        let before = now();
        let a = self.post(&r.to_string(), &[]);
        let after = now();
        let ok = (before..=after).any(|n| {
            a.header("set-cookie")
                == Some(expected_cookie(&r, kelisim::time::consent_expiry(n)).as_str())
        });
        self.check("cookie-clamp", a.status == 201 && ok, || {
            format!(
                "client_time 3 h ahead: want Expires 13 months from now, got {} {:?}",
                a.status,
                a.header("set-cookie")
            )
        });
    }

    fn cors(&mut self) {
        let origin = self.origin.clone();
        let a = http::request(
            &self.url,
            "OPTIONS",
            "/consent",
            &[
                ("Origin", &origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            b"",
        )
        .unwrap();
        self.check(
            "cors",
            (200..300).contains(&a.status)
                && a.header("access-control-allow-origin") == Some(origin.as_str())
                && a.header("access-control-allow-credentials") == Some("true")
                && a.header("access-control-allow-methods")
                    .is_some_and(|m| m.to_ascii_uppercase().contains("POST"))
                && a.header("access-control-allow-headers")
                    .is_some_and(|h| h.to_ascii_lowercase().contains("content-type")),
            || format!("preflight from {origin}: got {} {:?}", a.status, a.headers),
        );
        let r = record(&uuid(), now());
        let a = self.post(&r.to_string(), &[("Origin", &origin)]);
        self.check(
            "cors",
            a.status == 201
                && a.header("access-control-allow-origin") == Some(origin.as_str())
                && a.header("access-control-allow-credentials") == Some("true")
                && a.header("set-cookie").is_some(),
            || {
                format!(
                    "POST from {origin}: want 201 with CORS headers and the cookie, got {} {:?}",
                    a.status, a.headers
                )
            },
        );
        if self.wants("origin-stored") {
            let (_, rows) = self.export();
            let row = rows.iter().find(|row| row.record_id == r["record_id"]);
            self.check(
                "origin-stored",
                row.is_some_and(|row| row.origin.as_deref() == Some(origin.as_str())),
                || {
                    format!(
                        "the row's origin: want {origin}, got {:?}",
                        row.map(|r| r.origin.clone())
                    )
                },
            );
        }
        let evil = "https://evil.example";
        let a = http::request(
            &self.url,
            "OPTIONS",
            "/consent",
            &[("Origin", evil), ("Access-Control-Request-Method", "POST")],
            b"",
        )
        .unwrap();
        self.check(
            "cors",
            a.header("access-control-allow-origin").is_none(),
            || format!("preflight from {evil} must not be allowed: {:?}", a.headers),
        );
        let r = record(&uuid(), now());
        let a = self.post(&r.to_string(), &[("Origin", evil)]);
        self.check(
            "cors",
            a.header("access-control-allow-origin").is_none() && a.header("set-cookie").is_none(),
            || {
                format!(
                    "POST from {evil}: no CORS header, no cookie; got {:?}",
                    a.headers
                )
            },
        );
        if self.wants("cors-forbidden") {
            self.check("cors-forbidden", a.status == 403, || {
                format!("POST from {evil}: want 403, got {}", a.status)
            });
            let (_, rows) = self.export();
            self.check(
                "cors-forbidden",
                !rows.iter().any(|row| row.record_id == r["record_id"]),
                || "a record from an origin not allowed was stored".into(),
            );
        }
    }

    fn ledger(&mut self) {
        let (text, rows) = self.export();
        if self.wants("no-ip") {
            let found = ["127.0.0.1", "::1", "\"ip\"", "remote_addr"]
                .into_iter()
                .find(|s| text.contains(s));
            self.check("no-ip", found.is_none(), || {
                format!("the export holds {found:?}")
            });
        }
        if self.wants("chain") {
            let verdict = ledger::verify(&rows);
            self.check("chain", verdict.is_ok(), || {
                verdict.clone().unwrap_err().to_string()
            });
            self.check("chain", rows.first().is_some_and(|r| r.id == 1), || {
                "the export starts at id 1".into()
            });
            let path = std::env::temp_dir()
                .join(format!("kelisim-conformance-{}.jsonl", std::process::id()));
            std::fs::write(&path, &text).unwrap();
            // A tampered copy must fail.
            if rows.len() > 2 {
                let mut lines: Vec<Value> = text
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                let body = lines[1]["body"]
                    .as_str()
                    .unwrap()
                    .replace("accept-all", "reject-all");
                lines[1]["body"] = json!(body);
                let bad: Vec<ledger::Row> = ledger::parse(
                    &lines
                        .iter()
                        .map(|l| l.to_string() + "\n")
                        .collect::<String>(),
                )
                .unwrap();
                self.check("chain", ledger::verify(&bad).is_err(), || {
                    "a tampered body passes verification".into()
                });
            }
            if let Some(cmd) = self.verify.clone() {
                let status = Command::new("sh")
                    .arg("-c")
                    .arg(format!("{cmd} {}", path.display()))
                    .stdout(Stdio::null())
                    .status()
                    .unwrap();
                self.check("chain", status.success(), || {
                    format!("`{cmd}` refused the export ({status})")
                });
            }
            let _ = std::fs::remove_file(path);
        }
    }

    fn durable(&mut self) {
        let r = record(&uuid(), now());
        let a = self.post(&r.to_string(), &[]);
        self.kill();
        self.start();
        let (_, rows) = self.export();
        self.check(
            "durable",
            a.status == 201 && rows.iter().any(|row| row.record_id == r["record_id"]),
            || {
                format!(
                    "answered {} and killed at once: the record is not in the export",
                    a.status
                )
            },
        );
    }

    fn concurrent(&mut self) {
        let (_, before) = self.export();
        let records: Vec<String> = (0..180)
            .map(|_| record(&uuid(), now()).to_string())
            .collect();
        // 20 of the 200 requests repeat a record sent at the same time.
        let mut bodies = records.clone();
        bodies.extend(records.iter().take(20).cloned());
        let url = self.url.clone();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(bodies.len()));
        let handles: Vec<_> = bodies
            .into_iter()
            .map(|body| {
                let (url, barrier) = (url.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    http::request(
                        &url,
                        "POST",
                        "/consent",
                        &[("Content-Type", "application/json")],
                        body.as_bytes(),
                    )
                    .map(|a| a.status)
                    .unwrap_or(0)
                })
            })
            .collect();
        let mut statuses: HashMap<u16, usize> = HashMap::new();
        for h in handles {
            *statuses.entry(h.join().unwrap()).or_default() += 1;
        }
        self.check("concurrent", statuses.get(&201) == Some(&180) && statuses.get(&200) == Some(&20), || {
            format!("200 posts at once (180 records, 20 repeats): want 180×201 and 20×200, got {statuses:?}")
        });
        let (_, after) = self.export();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for row in &after {
            *counts.entry(row.record_id.as_str()).or_default() += 1;
        }
        let missing = records
            .iter()
            .filter(|r| {
                let v: Value = serde_json::from_str(r).unwrap();
                counts.get(v["record_id"].as_str().unwrap()) != Some(&1)
            })
            .count();
        self.check("concurrent", missing == 0 && after.len() == before.len() + 180, || {
            format!("{missing} of 180 records are not in the export exactly once ({} rows before, {} after)", before.len(), after.len())
        });
        let gaps = after.windows(2).filter(|w| w[1].id != w[0].id + 1).count();
        self.check("concurrent", gaps == 0, || {
            format!("{gaps} gaps in the ids")
        });
    }

    fn run(&mut self) {
        self.start();
        let steps: [Step; 8] = [
            ("schema", Suite::schema),
            ("client-time", Suite::client_time),
            ("repeat", Suite::repeat),
            ("cookie", Suite::cookie),
            ("cookie-clamp", Suite::cookie_clamp),
            ("cors", Suite::cors),
            ("durable", Suite::durable),
            ("concurrent", Suite::concurrent),
        ];
        self.limits();
        for (name, step) in steps {
            if self.wants(name) {
                let t = Instant::now();
                step(self);
                eprintln!("  {name}: {} ms", t.elapsed().as_millis());
            }
        }
        self.ledger();
        self.kill();
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut suite = Suite {
        start: String::new(),
        url: String::new(),
        export: String::new(),
        origin: "https://shop.example.kz".into(),
        verify: None,
        skip: vec![],
        only: vec![],
        child: None,
        failures: vec![],
        passed: 0,
    };
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| panic!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--start" => suite.start = value(),
            "--url" => suite.url = value().trim_end_matches('/').to_owned(),
            "--export" => suite.export = value(),
            "--origin" => suite.origin = value(),
            "--verify" => suite.verify = Some(value()),
            "--skip" => suite.skip.push(value()),
            "--only" => suite.only.push(value()),
            _ => {
                eprintln!("{USAGE}");
                std::process::exit(2);
            }
        }
    }
    if suite.start.is_empty() || suite.url.is_empty() || suite.export.is_empty() {
        eprintln!("{USAGE}");
        std::process::exit(2);
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| suite.run()));
    suite.kill();
    if outcome.is_err() {
        std::process::exit(1);
    }
    let skipped = if suite.skip.is_empty() {
        String::new()
    } else {
        format!(" (skipped: {})", suite.skip.join(", "))
    };
    if suite.failures.is_empty() {
        println!("conformance: {} checks passed{skipped}", suite.passed);
    } else {
        println!(
            "conformance: {} passed, {} FAILED{skipped}",
            suite.passed,
            suite.failures.len()
        );
        std::process::exit(1);
    }
}
