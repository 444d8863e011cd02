"""The receiver as a WSGI app: route POST (and OPTIONS) /consent to `application`, or build
one with `make_app(Receiver(...))`. Settings from the environment (see `Receiver`)."""

from .core import Receiver


def make_app(receiver):
    def app(environ, start_response):
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        for k in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(k):
                headers[k.replace("_", "-").lower()] = environ[k]
        stream = environ["wsgi.input"]

        def read_body(limit):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            return stream.read(min(length, limit)) if length else b""

        status, out, body = receiver.handle(environ["REQUEST_METHOD"], headers, read_body,
                                            https=environ.get("wsgi.url_scheme") == "https")
        from http import HTTPStatus
        out = [(k, v) for k, v in out if k.lower() != "connection"]  # hop-by-hop: the server's
        start_response(f"{status} {HTTPStatus(status).phrase}", out + [("Content-Length", str(len(body)))])
        return [body]

    return app


_receiver = None


def application(environ, start_response):
    global _receiver
    if _receiver is None:
        _receiver = Receiver()
    return make_app(_receiver)(environ, start_response)
