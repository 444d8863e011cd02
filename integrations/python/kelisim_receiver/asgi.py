"""The receiver as an ASGI app (Starlette, FastAPI mounts, Django's ASGI): `application`, or
`make_app(Receiver(...))`. The database calls run in a worker thread."""

import asyncio

from .core import Receiver


def make_app(receiver):
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size <= 64 * 1024 + 1:
                chunks.append(chunk)
            more = message.get("more_body", False)
        data = b"".join(chunks)
        status, out, body = await asyncio.to_thread(
            receiver.handle, scope["method"], headers, lambda limit: data[:limit], scope.get("scheme") == "https")
        await send({"type": "http.response.start", "status": status,
                    "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in out]})
        await send({"type": "http.response.body", "body": body})

    return app


_receiver = None


async def application(scope, receive, send):
    global _receiver
    if _receiver is None:
        _receiver = Receiver()
    await make_app(_receiver)(scope, receive, send)
