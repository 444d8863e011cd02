"""`python3 -m kelisim_receiver serve [--addr HOST:PORT] [--django]` (a threaded WSGI server, for
trying it and for tests; in production use your WSGI/ASGI server; `--django` serves the Django
site of DJANGO_SETTINGS_MODULE instead of the bare WSGI app) and `python3 -m kelisim_receiver export`
(the ledger as JSON Lines on stdout)."""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .core import Store
from .wsgi import application


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(argv):
    if argv[:1] == ["export"]:
        store = Store(os.environ.get("KELISIM_DATABASE_URL", "sqlite:consents.db"))
        for line in store.export_lines():
            sys.stdout.write(line)
        return 0
    if argv[:1] == ["serve"]:
        addr = argv[argv.index("--addr") + 1] if "--addr" in argv else "127.0.0.1:8787"
        host, port = addr.rsplit(":", 1)
        app = application
        if "--django" in argv:
            from django.core.wsgi import get_wsgi_application
            app = get_wsgi_application()
        make_server(host, int(port), app, server_class=_Server, handler_class=_Quiet).serve_forever()
        return 0
    print("usage: python3 -m kelisim_receiver serve [--addr HOST:PORT] | export", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
