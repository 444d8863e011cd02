//! End-to-end: the real `kelisim-scan` binary drives headless Chromium against a fixture site
//! served here (ports 18200–18299); the vendors' hosts are mapped to the same server with
//! `--map`, so nothing leaves the machine. The gated fixtures use the real built loader (`dist/`
//! from `scripts/build.sh`, or `KELISIM_DIST`). Run under `flock /tmp/kelisim-browser.lock`.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const TRACKER: &str = r#"<script src="http://mc.yandex.ru/metrika/tag.js"></script>"#;
/// The same tracker inserted as Yandex Metrica's snippet does it (createElement + insertBefore).
const SNIPPET: &str = r#"<script>(function (d) { var k = d.createElement("script"), a = d.getElementsByTagName("script")[0]; k.async = 1; k.src = "http://mc.yandex.ru/metrika/tag.js"; a.parentNode.insertBefore(k, a); })(document);</script>"#;
const UNKNOWN: &str = r#"<script src="http://widgets.example-cdn.test/w.js"></script>"#;
const LOADER: &str = r#"<script type="application/json" id="kelisim-config">{ "revision": 1 }</script>
<script src="/kelisim/kelisim.js" async></script>"#;
const GATED: &str = r#"<script type="text/plain" data-kelisim-category="analytics" src="http://mc.yandex.ru/metrika/tag.js"></script>"#;
/// The vendor's script: sets its cookie on the site and sends a hit.
const TAG_JS: &str = "document.cookie = '_ym_uid=1700000000123; max-age=31536000; path=/';\n\
    new Image().src = 'http://mc.yandex.ru/watch/1?page=' + encodeURIComponent(location.href);\n";

fn dist() -> PathBuf {
    std::env::var_os("KELISIM_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

fn page(body: &str) -> String {
    format!("<!doctype html><html lang=\"kk\"><head><meta charset=\"utf-8\"><title>Дүкен</title></head><body><h1>Дүкен</h1>{body}</body></html>")
}

fn route(host: &str, path: &str) -> Option<(&'static str, Vec<u8>)> {
    let html = |b: &str| Some(("text/html; charset=utf-8", page(b).into_bytes()));
    let path = path.split('?').next().unwrap_or("");
    match (host, path) {
        ("mc.yandex.ru", "/metrika/tag.js") => Some(("text/javascript", TAG_JS.into())),
        ("mc.yandex.ru", _) => Some(("image/gif", Vec::new())),
        ("widgets.example-cdn.test", _) => Some(("text/javascript", b"1;".to_vec())),
        (_, "/plain.html") => html(&format!("{TRACKER}{UNKNOWN}<p>Сәлем</p>")),
        (_, "/gated.html") => html(&format!("{LOADER}{GATED}<p>Сәлем</p>")),
        (_, "/autoblock.html") => Some((
            "text/html; charset=utf-8",
            // Metrica's own snippet shape (the tag inserted by a script): a tag written in the
            // HTML may still be fetched, not run, by the browser's preload scanner (see the
            // book's "Automatic blocking"), which the audit rightly reports as a request.
            format!("<!doctype html><html><head><script src=\"/kelisim/kelisim.js\" data-kelisim-autoblock></script>{SNIPPET}</head><body>Сәлем</body></html>").into_bytes(),
        )),
        (_, "/late.html") => html(&format!(
            "{LOADER}<script>document.addEventListener('click', () => {{ const s = document.createElement('script'); s.src = 'http://mc.yandex.ru/metrika/tag.js'; document.head.appendChild(s); }}, true);</script>"
        )),
        (_, "/many.html") => html(
            &(1..=10)
                .map(|i| format!("<a href=\"/plain.html?n={i}\">{i}</a> "))
                .collect::<String>(),
        ),
        (_, p) if p.starts_with("/kelisim/") => {
            let file = dist().join(p.trim_start_matches("/kelisim/"));
            let bytes = std::fs::read(&file).ok()?;
            let ty = match file.extension().and_then(|e| e.to_str()) {
                Some("wasm") => "application/wasm",
                Some("js") => "text/javascript",
                _ => "application/octet-stream",
            };
            Some((ty, bytes))
        }
        _ => None,
    }
}

fn serve(mut s: TcpStream) {
    let mut reader = BufReader::new(s.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut host = String::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("host:") {
            host = v.trim().split(':').next().unwrap_or("").to_string();
        }
    }
    if path == "/hang.html" {
        std::thread::sleep(Duration::from_secs(60));
        return;
    }
    let (status, ty, body) = match route(&host, &path) {
        Some((ty, body)) => ("200 OK", ty, body),
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    // The site's own session cookie, set by its page's response.
    let cookie = if path.starts_with("/plain.html") {
        "Set-Cookie: shop_session=abc; Path=/\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {status}\r\n{cookie}Content-Type: {ty}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(&body);
}

/// Serves the fixture site on `port` for the rest of the test process.
fn fixture(port: u16) {
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("a free port in 18200–18299");
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            std::thread::spawn(move || serve(s));
        }
    });
}

struct Scan {
    status: i32,
    report: Value,
    config: Option<Value>,
    html: String,
    stdout: String,
    stderr: String,
    seconds: f64,
}

fn scan(port: u16, page: &str, extra: &[&str]) -> Scan {
    fixture(port);
    let dir = std::env::temp_dir().join(format!("kelisim-scan-e2e-{port}"));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("report.json");
    let config = dir.join("config.json");
    let html = dir.join("report.html");
    let _ = std::fs::remove_file(&json);
    let _ = std::fs::remove_file(&config);
    let target = format!("127.0.0.1:{port}");
    // The scan's own temporary directory: what the scanner and its browser leave there is checked.
    let tmp = dir.join("tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_kelisim-scan"))
        .env("TMPDIR", &tmp)
        .arg(format!("http://127.0.0.1:{port}/{page}"))
        .args(["--json", json.to_str().unwrap()])
        .args(["--config-out", config.to_str().unwrap()])
        .args(["--html", html.to_str().unwrap()])
        .args(["--map", &format!("mc.yandex.ru={target}")])
        .args(["--map", &format!("widgets.example-cdn.test={target}")])
        .args(extra)
        .output()
        .expect("run kelisim-scan");
    let seconds = started.elapsed().as_secs_f64();
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p)
            .ok()
            .map(|t| serde_json::from_str(&t).expect("JSON"))
    };
    let s = Scan {
        status: out.status.code().unwrap_or(-1),
        report: read(&json).unwrap_or(Value::Null),
        config: read(&config),
        html: std::fs::read_to_string(&html).unwrap_or_default(),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
        seconds,
    };
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.is_empty(),
        "the scan left {left:?} in its temporary directory"
    );
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("{}{}({:.1} s)", s.stdout, s.stderr, s.seconds);
    s
}

fn services(s: &Scan, phase: &str) -> Vec<String> {
    s.report["phases"][phase]["services"]
        .as_array()
        .unwrap_or_else(|| panic!("no phase {phase}: {}", s.report))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn needs_dist() {
    assert!(
        dist().join("kelisim.js").exists(),
        "the built loader is missing: run scripts/build.sh (or set KELISIM_DIST)"
    );
}

#[test]
fn site_without_kelisim_has_violations_and_gets_a_starter_configuration() {
    let s = scan(18201, "plain.html", &[]);
    assert_eq!(s.status, 1, "violations");
    for phase in ["before", "reject", "accept"] {
        assert_eq!(services(&s, phase), ["yandex-metrica"]);
        let cookies = &s.report["phases"][phase]["cookies"];
        assert!(cookies.as_array().unwrap().iter().any(|c| c == "_ym_uid"));
    }
    let details = s.report["phases"]["before"]["cookie_details"]
        .as_array()
        .unwrap();
    let own = details
        .iter()
        .find(|c| c["name"] == "shop_session")
        .expect("the site's cookie");
    assert_eq!(
        own["set_by"], "http://127.0.0.1:18201/plain.html",
        "who set it"
    );
    assert!(own["service"].is_null());
    let ym = details.iter().find(|c| c["name"] == "_ym_uid").unwrap();
    assert_eq!(ym["service"], "yandex-metrica");
    assert!(
        ym["expires"].as_i64().unwrap() > 1_700_000_000,
        "a lifetime"
    );
    let v = s.report["violations"].as_array().unwrap();
    assert!(v.iter().any(|v| v["phase"] == "before"
        && v["service"] == "yandex-metrica"
        && v["evidence"]
            .as_str()
            .unwrap()
            .contains("mc.yandex.ru/metrika/tag.js")));
    assert!(v.iter().any(|v| v["phase"] == "reject"));
    // The unknown third party is listed by host and matched to no service.
    let unknown = &s.report["phases"]["before"]["unknown_hosts"];
    assert_eq!(unknown[0], "widgets.example-cdn.test", "{unknown}");
    assert!(s.report["phases"]["before"]["requests"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r
            .as_str()
            .unwrap()
            .starts_with("http://widgets.example-cdn.test/")));
    // The starter configuration is accepted by kelisim and puts the service in its category.
    let config = s.config.as_ref().expect("--config-out written").to_string();
    let (parsed, d) = kelisim::config::parse(&config);
    let parsed = parsed.unwrap_or_else(|_| panic!("{d:?}"));
    assert_eq!(
        parsed.category("analytics").unwrap().services[0].id,
        "yandex-metrica"
    );
    assert!(s.stdout.contains("verdict: "), "{}", s.stdout);
    // The HTML report (kk by default): the verdict, the evidence, the screenshots.
    assert!(s.html.contains("lang=\"kk\""));
    assert!(s.html.contains("Бұзушылықтар: "), "the verdict in Kazakh");
    assert!(s.html.contains("mc.yandex.ru/metrika/tag.js"));
    assert_eq!(s.html.matches("data:image/png;base64,iVBOR").count(), 3);
    assert!(s.stderr.contains("[before] page 1"), "progress on stderr");
    assert!(
        s.seconds < 15.0,
        "a 3-phase scan of one page took {} s",
        s.seconds
    );
}

#[test]
fn site_gated_by_hand_is_clean() {
    needs_dist();
    let s = scan(18202, "gated.html", &[]);
    assert_eq!(
        s.report["phases"]["reject"]["banner"], true,
        "banner clicked"
    );
    assert_eq!(services(&s, "before"), Vec::<String>::new());
    assert_eq!(services(&s, "reject"), Vec::<String>::new());
    assert_eq!(services(&s, "accept"), ["yandex-metrica"]);
    assert_eq!(s.status, 0);
    assert_eq!(s.report["violations"], serde_json::json!([]));
    assert!(s.html.contains("class=\"verdict ok\""));
}

#[test]
fn site_with_automatic_blocking_is_clean() {
    needs_dist();
    let s = scan(18203, "autoblock.html", &[]);
    assert_eq!(services(&s, "before"), Vec::<String>::new());
    assert_eq!(services(&s, "reject"), Vec::<String>::new());
    assert_eq!(services(&s, "accept"), ["yandex-metrica"]);
    assert_eq!(s.status, 0);
}

#[test]
fn tracker_firing_after_reject_all_is_a_violation() {
    needs_dist();
    let s = scan(18204, "late.html", &[]);
    assert_eq!(services(&s, "before"), Vec::<String>::new());
    assert_eq!(services(&s, "reject"), ["yandex-metrica"]);
    assert_eq!(s.status, 1);
    let v = &s.report["violations"][0];
    assert_eq!(v["phase"], "reject");
}

#[test]
fn page_that_never_loads_is_a_browser_error() {
    let s = scan(18205, "hang.html", &["--timeout", "3"]);
    assert_eq!(s.status, 2);
    assert!(s.stderr.contains("did not finish loading"), "{}", s.stderr);
    let refused = Command::new(env!("CARGO_BIN_EXE_kelisim-scan"))
        .arg("http://127.0.0.1:18299/")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("did not load"));
}

#[test]
fn usage_error_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_kelisim-scan"))
        .arg("--pages")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
}

#[test]
fn ten_pages() {
    let s = scan(18206, "many.html", &["--pages", "10"]);
    let pages = s.report["phases"]["before"]["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 11);
    eprintln!("1 + 10 pages, 3 phases: {:.1} s", s.seconds);
}
