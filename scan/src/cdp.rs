//! A small DevTools-protocol client: Chromium started with `--remote-debugging-pipe` reads
//! NUL-terminated JSON commands on its fd 3 and writes responses and events on its fd 4.
//! Synchronous (one reader thread, a channel); sessions are flattened (`sessionId` per message).
//!
//! Why not the `chromiumoxide` crate (0.9, the ecosystem's CDP client): a complete port to it
//! (tokio, no browser fetcher, WebSocket on a loopback port) passed every scanner test with the
//! same scan time, but it costs build time the test command cannot spare. Measured 2026-12-04
//! on the 2-core machine (shared, load 5-11, so rough), clean builds without sccache:
//! - `cargo build --release -p kelisim-scan`: 53 s -> 316 s (CPU 28 s -> 161 s);
//! - `cargo test -p kelisim-scan --no-run`: 40 s -> 287 s;
//! - in the test command, even with every other dependency already built for the workspace,
//!   `chromiumoxide_cdp` (5 MB of generated protocol code, one crate: no parallelism) and
//!   `chromiumoxide` take 202 s for the test build and 86 s more for clippy's check: ~4.8 min;
//! - the binary: 878 KB -> 4.57 MB; a one-page, three-phase scan: 8.7 s -> 9.0 s (release).
//!
//! It also pulls reqwest 0.13 and async-tungstenite in unconditionally. This client is ~200
//! lines over std and libc with the same behaviour.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A running browser.
pub struct Browser {
    child: Child,
    to_browser: File,
    from_browser: Receiver<Value>,
    next_id: u64,
    /// Events received while waiting for a response.
    pub events: VecDeque<Value>,
    _profile: TempDir,
}

/// A directory removed on drop (a few tries: a helper process of the browser may still be
/// writing into it for a moment after the browser itself ended).
struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        for _ in 0..20 {
            if std::fs::remove_dir_all(&self.0).is_ok() || !self.0.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn pipe() -> std::io::Result<(RawFd, RawFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe(2) writes.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((fds[0], fds[1]))
}

impl Browser {
    /// Starts Chromium at `path` with a fresh profile and these extra flags.
    pub fn launch(path: &str, extra: &[String]) -> Result<Browser, String> {
        let profile = std::env::temp_dir().join(format!(
            "kelisim-scan-{}-{}",
            std::process::id(),
            Instant::now().elapsed().as_nanos() ^ (rand_seed() as u128)
        ));
        std::fs::create_dir_all(&profile).map_err(|e| format!("profile directory: {e}"))?;
        let profile = TempDir(profile);
        let (cmd_r, cmd_w) = pipe().map_err(|e| e.to_string())?;
        let (out_r, out_w) = pipe().map_err(|e| e.to_string())?;
        let mut command = Command::new(path);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--window-size=1280,900",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.0.display()))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (dup2, close) between fork and exec.
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(cmd_r, 3) < 0 || libc::dup2(out_w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                for fd in [cmd_r, cmd_w, out_r, out_w] {
                    if fd > 4 {
                        libc::close(fd);
                    }
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start the browser {path}: {e}"))?;
        // SAFETY: these descriptors came from pipe() above and are owned here from now on.
        let (to_browser, from) = unsafe {
            libc::close(cmd_r);
            libc::close(out_w);
            (File::from_raw_fd(cmd_w), File::from_raw_fd(out_r))
        };
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if buf.last() == Some(&0) {
                            buf.pop();
                        }
                        if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
                            if tx.send(v).is_err() {
                                break;
                            }
                        }
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            to_browser,
            from_browser: rx,
            next_id: 0,
            events: VecDeque::new(),
            _profile: profile,
        };
        browser
            .call(
                "Browser.getVersion",
                json!({}),
                None,
                Duration::from_secs(20),
            )
            .map_err(|e| format!("the browser {path} does not answer: {e}"))?;
        Ok(browser)
    }

    /// Sends a command and waits for its result; events meanwhile go to [`Browser::events`].
    pub fn call(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
        timeout: Duration,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).expect("JSON");
        bytes.push(0);
        self.to_browser
            .write_all(&bytes)
            .map_err(|e| format!("{method}: the browser closed ({e})"))?;
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_browser.recv_timeout(left) {
                Ok(v) if v["id"].as_u64() == Some(id) => {
                    return match v.get("error") {
                        Some(e) => Err(format!("{method}: {}", e["message"])),
                        None => Ok(v["result"].clone()),
                    };
                }
                Ok(v) => self.events.push_back(v),
                Err(RecvTimeoutError::Timeout) => return Err(format!("{method}: no answer")),
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!("{method}: the browser closed"))
                }
            }
        }
    }

    /// The next event, waiting at most `timeout`.
    pub fn event(&mut self, timeout: Duration) -> Option<Value> {
        if let Some(e) = self.events.pop_front() {
            return Some(e);
        }
        self.from_browser.recv_timeout(timeout).ok()
    }
}

fn rand_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

impl Drop for Browser {
    /// Asks the browser to close (it ends its helper processes and stops writing its profile),
    /// then kills it if it has not ended within 5 s. Killed at once, Chromium's helpers wrote on
    /// while the profile was being removed, and each scan left a profile in the temporary directory.
    fn drop(&mut self) {
        let _ = self
            .to_browser
            .write_all(b"{\"id\":0,\"method\":\"Browser.close\",\"params\":{}}\0");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
