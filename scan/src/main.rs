//! `kelisim-scan URL`: a site audit. Opens the page in headless Chromium in three fresh profiles
//! (`before`, `reject`, `accept`), records what it sets and sends, matches it to kelisim's
//! catalogue and reports violations. Exit status: 0 clean, 1 violations, 2 usage or browser error.

mod cdp;
mod html;
mod phase;
mod report;

use phase::{Choice, Options};
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: kelisim-scan URL [--json FILE] [--config-out FILE] [--html FILE] [--map HOST=IP:PORT]... \
[--pages N] [--lang kk|ru|en] [--chromium PATH] [--timeout SECONDS]";

struct Args {
    url: String,
    json: Option<String>,
    config_out: Option<String>,
    html: Option<String>,
    opts: Options,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut url = None;
    let mut json = None;
    let mut config_out = None;
    let mut html = None;
    let mut opts = Options {
        chromium: "/usr/bin/chromium".into(),
        maps: Vec::new(),
        lang: "kk".into(),
        pages: 0,
        timeout: Duration::from_secs(20),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--json" => json = Some(value("--json")?),
            "--config-out" => config_out = Some(value("--config-out")?),
            "--html" => html = Some(value("--html")?),
            "--chromium" => opts.chromium = value("--chromium")?,
            "--map" => {
                let m = value("--map")?;
                let (h, t) = m
                    .split_once('=')
                    .filter(|(h, t)| !h.is_empty() && t.contains(':'))
                    .ok_or_else(|| format!("--map {m}: expected HOST=IP:PORT"))?;
                opts.maps.push((h.to_string(), t.to_string()));
            }
            "--pages" => {
                let v = value("--pages")?;
                opts.pages = v
                    .parse()
                    .map_err(|_| format!("--pages {v}: expected a number"))?;
            }
            "--timeout" => {
                let v = value("--timeout")?;
                let s: u64 = v
                    .parse()
                    .map_err(|_| format!("--timeout {v}: expected seconds"))?;
                opts.timeout = Duration::from_secs(s.max(1));
            }
            "--lang" => {
                let v = value("--lang")?;
                if !["kk", "ru", "en"].contains(&v.as_str()) {
                    return Err(format!("--lang {v}: expected kk, ru or en"));
                }
                opts.lang = v;
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if url.is_none() => url = Some(s.to_string()),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    let url = url.ok_or("missing URL")?;
    if report::host(&url).is_none() || !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return Err(format!("{url}: expected an http(s) URL"));
    }
    Ok(Args {
        url,
        json,
        config_out,
        html,
        opts,
    })
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("kelisim-scan: {e}");
            }
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    std::process::exit(run(&args));
}

fn run(args: &Args) -> i32 {
    let started = Instant::now();
    let site = report::host(&args.url).unwrap_or_default();
    // The three phases run in parallel, each in its own browser and profile.
    let results: Vec<(Choice, Result<report::Observed, String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = [Choice::None, Choice::Reject, Choice::Accept]
            .into_iter()
            .map(|c| (c, s.spawn(move || phase::run(&args.url, c, &args.opts))))
            .collect();
        handles
            .into_iter()
            .map(|(c, h)| {
                (
                    c,
                    h.join()
                        .unwrap_or_else(|_| Err("the phase crashed".to_string())),
                )
            })
            .collect()
    });
    let mut phases = Vec::new();
    for (choice, result) in results {
        match result {
            Ok(o) => {
                let f = report::analyse(&site, &o);
                phases.push((phase::name(choice), o, f));
            }
            Err(e) => {
                eprintln!("kelisim-scan: {} phase: {e}", phase::name(choice));
                return 2;
            }
        }
    }
    let json = report::json_report(&args.url, &phases);
    print!("{}", report::table(&json));
    eprintln!("scanned in {:.1} s", started.elapsed().as_secs_f64());
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&json).expect("JSON");
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!("kelisim-scan: cannot write {path}: {e}");
            return 2;
        }
    }
    if let Some(path) = &args.html {
        let shots: Vec<(&str, String)> = phases
            .iter()
            .map(|(name, o, _)| (*name, o.screenshot.clone()))
            .collect();
        if let Err(e) = std::fs::write(path, html::render(&json, &shots, &args.opts.lang)) {
            eprintln!("kelisim-scan: cannot write {path}: {e}");
            return 2;
        }
    }
    if let Some(path) = &args.config_out {
        let config = report::starter_config(&phases);
        let text = serde_json::to_string_pretty(&config).expect("JSON");
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!("kelisim-scan: cannot write {path}: {e}");
            return 2;
        }
        eprintln!(
            "starter configuration written to {path}; fill in: {}",
            report::OWNER_FIELDS.join(", ")
        );
    }
    if report::has_violations(&json) {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Result<Args, String> {
        parse_args(&s.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn options() {
        let a =
            args("http://shop.kz/ --map mc.yandex.ru=127.0.0.1:18201 --pages 3 --lang ru").unwrap();
        assert_eq!(a.opts.maps[0].0, "mc.yandex.ru");
        assert_eq!(a.opts.pages, 3);
        assert_eq!(a.opts.lang, "ru");
        assert!(args("").err().unwrap().contains("missing URL"));
        assert!(args("ftp://x/").is_err());
        assert!(args("http://x/ --lang de").is_err());
        assert!(args("http://x/ --map nohost").is_err());
        assert!(args("http://x/ --bogus").is_err());
    }
}
