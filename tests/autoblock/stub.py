#!/usr/bin/env python3
"""Stub vendor scripts for the automatic-blocking browser tests (tests/browser_autoblock.rs).

Serves, over HTTPS on port 18101 (a self-signed certificate; the browsers are told to accept
it, and the vendors' hosts are mapped to 127.0.0.1 by tests/autoblock/webdriver.json), a small
script for each vendor path. Each script records its run in the page (window.__runs), whether it
ran as a module or a classic script (window.__kinds), the calls its snippet queued before it
(window.__queued), sets the vendor's cookie and sends a hit.
Every request is recorded; http://127.0.0.1:18100/__hits lists them, /__reset forgets them.

Usage: stub.py DIR   (DIR receives the certificate; the server runs until killed)
"""
import http.server, json, os, ssl, subprocess, sys, threading

HITS = []
LOCK = threading.Lock()
# path prefix (with the query, where one is named) -> (name, expression counting the queued
# calls, cookie); the first that matches answers
SCRIPTS = {
    "/metrika/tag.js": ("yandex-metrica", "window.ym && ym.a ? ym.a.length : -1", "_ym_uid"),
    # The Google tag of an Ads account: the same file as Analytics', named by the account.
    "/gtag/js?id=AW-": ("google-ads", "window.dataLayer ? dataLayer.length : -1", "_gcl_au"),
    "/gtag/js": ("google-analytics", "window.dataLayer ? dataLayer.length : -1", "_ga"),
    "/gtm.js": ("google-tag-manager", "window.dataLayer ? dataLayer.length : -1", "_gtm_stub"),
    "/en_US/fbevents.js": ("meta-pixel", "window.fbq && fbq.queue ? fbq.queue.length : -1", "_fbp"),
    "/js/api/openapi.js": ("vk-pixel", "0", "_vk_stub"),
    "/i18n/pixel/events.js": ("tiktok-pixel", "window.ttq ? ttq.length : -1", "_ttp"),
    "/npm/cdn-lib.js": ("cdn-lib", "0", "_cdn_stub"),
}


def script(name, queued, cookie, host):
    vk = "window.VK = { Retargeting: { Init: function () {}, Hit: function () { window.__runs.push('vk-hit'); } } };" if name == "vk-pixel" else ""
    return f"""(function () {{
  (window.__runs = window.__runs || []).push({json.dumps(name)});
  (window.__kinds = window.__kinds || {{}})[{json.dumps(name)}] = document.currentScript ? "classic" : "module";
  window.__queued = window.__queued || {{}};
  try {{ window.__queued[{json.dumps(name)}] = {queued}; }} catch (e) {{ window.__queued[{json.dumps(name)}] = -2; }}
  document.cookie = {json.dumps(cookie)} + "=1; path=/";
  new Image().src = "https://{host}/collect?s={name}";
  {vk}
}})();
"""


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body, ctype):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/__hits":
            with LOCK:
                return self.send(200, json.dumps(HITS), "application/json")
        if path == "/__reset":
            with LOCK:
                HITS.clear()
            return self.send(200, "[]", "application/json")
        host = self.headers.get("Host", "")
        with LOCK:
            HITS.append(host.split(":")[0] + path)
        for prefix, (name, queued, cookie) in SCRIPTS.items():
            if self.path.startswith(prefix):
                return self.send(200, script(name, queued, cookie, host), "text/javascript")
        return self.send(200, "", "text/plain")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def main():
    folder = sys.argv[1]
    cert, key = os.path.join(folder, "stub.crt"), os.path.join(folder, "stub.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=kelisim-stub", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    plain = Server(("127.0.0.1", 18100), Handler)
    tls = Server(("127.0.0.1", 18101), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    tls.serve_forever()


if __name__ == "__main__":
    main()
