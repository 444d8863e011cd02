//! One phase of the audit in its own fresh browser: open the page, make the phase's choice on
//! kelisim's banner (inside its open shadow root), reload, follow same-origin links, and record
//! what was set and sent.

use crate::cdp::Browser;
use crate::report::{Observed, Request, SeenCookie};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// What to do on the banner.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Choice {
    None,
    Reject,
    Accept,
}

/// The phase's name in the report.
pub fn name(choice: Choice) -> &'static str {
    match choice {
        Choice::None => "before",
        Choice::Reject => "reject",
        Choice::Accept => "accept",
    }
}

/// How the scan runs.
pub struct Options {
    pub chromium: String,
    pub maps: Vec<(String, String)>,
    pub lang: String,
    pub pages: usize,
    pub timeout: Duration,
}

struct Page<'a> {
    browser: &'a mut Browser,
    session: String,
    observed: Observed,
}

impl Page<'_> {
    fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.call_within(method, params, Duration::from_secs(15))
    }

    fn call_within(
        &mut self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, String> {
        let s = self.session.clone();
        let r = self.browser.call(method, params, Some(&s), timeout);
        self.drain();
        r
    }

    fn eval(&mut self, expr: &str) -> Result<Value, String> {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
        )?;
        Ok(r["result"]["value"].clone())
    }

    /// Handles the events already buffered.
    fn drain(&mut self) {
        while let Some(e) = self.browser.events.pop_front() {
            self.handle(&e);
        }
    }

    fn handle(&mut self, e: &Value) {
        let p = &e["params"];
        match e["method"].as_str() {
            Some("Network.requestWillBeSent") => {
                let url = p["request"]["url"].as_str().unwrap_or("").to_string();
                if let Some(id) = p["requestId"].as_str() {
                    self.observed.ids.push((id.to_string(), url.clone()));
                }
                if url.starts_with("http") {
                    let initiator = p["initiator"]["url"]
                        .as_str()
                        .or_else(|| p["initiator"]["stack"]["callFrames"][0]["url"].as_str())
                        .unwrap_or("")
                        .to_string();
                    self.observed.requests.push(Request { url, initiator });
                }
            }
            Some("Network.responseReceivedExtraInfo") => {
                if let Some(h) = p["headers"].as_object() {
                    for (k, v) in h {
                        if k.eq_ignore_ascii_case("set-cookie") {
                            let url = self.url_of(p["requestId"].as_str().unwrap_or(""));
                            for line in v.as_str().unwrap_or("").lines() {
                                let name = line.split('=').next().unwrap_or("").trim();
                                self.observed.set_by.push((name.to_string(), url.clone()));
                            }
                        }
                    }
                }
            }
            Some("Network.requestWillBeSentExtraInfo") | Some("Network.responseReceived") => {
                if let (Some(id), Some(url)) =
                    (p["requestId"].as_str(), p["response"]["url"].as_str())
                {
                    self.observed.ids.push((id.to_string(), url.to_string()));
                }
            }
            _ => {}
        }
    }

    fn url_of(&self, request_id: &str) -> String {
        self.observed
            .ids
            .iter()
            .rev()
            .find(|(id, _)| id == request_id)
            .map(|(_, u)| u.clone())
            .unwrap_or_default()
    }

    /// Waits for the load event (an error when it never comes), then until the network is quiet.
    fn wait_load(&mut self, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!(
                    "the page did not finish loading within {} s",
                    timeout.as_secs()
                ));
            }
            if let Some(e) = self.browser.event(left) {
                self.handle(&e);
                if e["method"] == "Page.loadEventFired" {
                    break;
                }
            }
        }
        self.settle(Duration::from_millis(400), Duration::from_secs(3));
        Ok(())
    }

    /// Records events until none came for `quiet` (at most `max`).
    fn settle(&mut self, quiet: Duration, max: Duration) {
        let end = Instant::now() + max;
        while Instant::now() < end {
            match self.browser.event(quiet) {
                Some(e) => self.handle(&e),
                None => break,
            }
        }
    }

    fn navigate(&mut self, url: &str, timeout: Duration) -> Result<(), String> {
        let started = Instant::now();
        let r = self
            .call_within("Page.navigate", json!({ "url": url }), timeout)
            .map_err(|_| {
                format!(
                    "{url}: the page did not finish loading within {} s",
                    timeout.as_secs()
                )
            })?;
        if let Some(err) = r["errorText"].as_str() {
            return Err(format!("{url} did not load: {err}"));
        }
        self.wait_load(timeout.saturating_sub(started.elapsed()))
    }
}

/// Runs one phase on `url` (and up to `opts.pages` same-origin links); `Err` is a browser error.
pub fn run(url: &str, choice: Choice, opts: &Options) -> Result<Observed, String> {
    let mut flags = vec![
        format!("--lang={}", opts.lang),
        format!("--accept-lang={}", opts.lang),
    ];
    if !opts.maps.is_empty() {
        let rules: Vec<String> = opts
            .maps
            .iter()
            .map(|(h, t)| format!("MAP {h} {t}"))
            .collect();
        flags.push(format!("--host-resolver-rules={}", rules.join(",")));
    }
    let mut browser = Browser::launch(&opts.chromium, &flags)?;
    let t = Duration::from_secs(15);
    let target = browser.call(
        "Target.createTarget",
        json!({ "url": "about:blank" }),
        None,
        t,
    )?;
    let attached = browser.call(
        "Target.attachToTarget",
        json!({ "targetId": target["targetId"], "flatten": true }),
        None,
        t,
    )?;
    let session = attached["sessionId"].as_str().unwrap_or("").to_string();
    let mut page = Page {
        browser: &mut browser,
        session,
        observed: Observed::default(),
    };
    page.call("Page.enable", json!({}))?;
    page.call("Network.enable", json!({}))?;
    page.call("Runtime.enable", json!({}))?;
    eprintln!("[{}] page 1: {url}", name(choice));
    page.navigate(url, opts.timeout)?;
    page.observed.screenshot = screenshot(&mut page);
    if choice != Choice::None {
        let action = if choice == Choice::Reject {
            "reject-all"
        } else {
            "accept-all"
        };
        let click = format!(
            "new Promise(done => {{ let n = 0; const t = setInterval(() => {{ \
             const h = document.getElementById('kelisim-root'); \
             const b = h && h.shadowRoot && h.shadowRoot.querySelector('[data-kelisim-action=\"{action}\"]'); \
             if (b) {{ clearInterval(t); b.click(); done(true); }} else if (++n > 50) {{ clearInterval(t); done(false); }} }}, 100); }})"
        );
        let clicked = page.eval(&click)?.as_bool().unwrap_or(false);
        page.observed.banner = clicked;
        if clicked {
            page.settle(Duration::from_millis(400), Duration::from_secs(3));
            page.call("Page.reload", json!({}))?;
            page.wait_load(opts.timeout)?;
        } else {
            eprintln!(
                "[{}] no kelisim banner found: nothing to click",
                name(choice)
            );
        }
    } else {
        page.observed.banner = page
            .eval("!!(document.getElementById('kelisim-root') && document.getElementById('kelisim-root').shadowRoot)")?
            .as_bool()
            .unwrap_or(false);
    }
    page.observed.pages.push(url.to_string());
    if opts.pages > 0 {
        let links = page.eval(
            "(() => { const o = location.origin; return [...new Set([...document.querySelectorAll('a[href]')].map(a => a.href.split('#')[0]).filter(h => h.startsWith(o + '/') && h !== location.href))]; })()",
        )?;
        let links: Vec<String> = links
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        for (i, link) in links.iter().take(opts.pages).enumerate() {
            eprintln!("[{}] page {}: {link}", name(choice), i + 2);
            if page.navigate(link, opts.timeout).is_ok() {
                page.observed.pages.push(link.clone());
            }
        }
    }
    let cookies = page.call("Network.getAllCookies", json!({}))?;
    for c in cookies["cookies"].as_array().into_iter().flatten() {
        page.observed.cookies.push(SeenCookie {
            name: c["name"].as_str().unwrap_or("").to_string(),
            domain: c["domain"].as_str().unwrap_or("").to_string(),
            expires: c["expires"].as_f64().unwrap_or(-1.0),
            set_by: String::new(),
        });
    }
    let storage = page.eval(
        "(() => { const k = s => { try { return Object.keys(s); } catch (e) { return []; } }; return { local: k(localStorage), session: k(sessionStorage) }; })()",
    )?;
    page.observed.local_storage = strings(&storage["local"]);
    page.observed.session_storage = strings(&storage["session"]);
    let o = &page.observed;
    eprintln!(
        "[{}] {} page(s), {} request(s), {} cookie(s)",
        name(choice),
        o.pages.len(),
        o.requests.len(),
        o.cookies.len()
    );
    let mut observed = page.observed;
    observed.resolve_setters();
    Ok(observed)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn screenshot(page: &mut Page) -> String {
    page.call("Page.captureScreenshot", json!({ "format": "png" }))
        .ok()
        .and_then(|r| r["data"].as_str().map(String::from))
        .unwrap_or_default()
}
