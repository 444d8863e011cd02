"""The receiver as a Django view: in urls.py, `path("consent", kelisim_receiver.django.consent)`.
Settings: KELISIM_DATABASE_URL etc. in the environment, or `KELISIM = {"database": …,
"cors_origins": […], "cookie_name": …, "cookie_domain": …, "site": …}` in settings.py. The
ledger is its own table (in SQLite or PostgreSQL), not a Django model: it is append-only."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from .core import Receiver

_receiver = None


def _get():
    global _receiver
    if _receiver is None:
        from django.conf import settings
        _receiver = Receiver(**getattr(settings, "KELISIM", {}))
    return _receiver


@csrf_exempt
def consent(request):
    headers = {k.lower(): v for k, v in request.headers.items()}
    status, out, body = _get().handle(request.method, headers, lambda limit: request.read(limit),
                                      https=request.is_secure())
    response = HttpResponse(body, status=status, content_type=None)
    for name, value in out:
        if name.lower() != "connection":  # hop-by-hop: the server's
            response[name] = value
    return response
