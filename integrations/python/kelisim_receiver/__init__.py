"""kelisim-receiver for Python: the consent records endpoint of kelisim as a framework-free WSGI
app (`kelisim_receiver.wsgi.application`), an ASGI app (`kelisim_receiver.asgi.application`) and
a Django view (`kelisim_receiver.django.consent`); SQLite or PostgreSQL (psycopg 3). The same
hash-chained ledger and behaviour as every kelisim receiver (docs/ledger-format.md)."""

from .core import Receiver, Store, read_record, validate

__all__ = ["Receiver", "Store", "read_record", "validate"]
