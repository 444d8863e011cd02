"""Unit tests of what the conformance suite cannot reach: the ASGI app (no ASGI server among
Debian's packages here), the cookie's expiry at month ends, the schema copy's generic checks."""

import asyncio
import json
import os
import tempfile
import time
import unittest

from kelisim_receiver.asgi import make_app
from kelisim_receiver.core import Receiver, expiry, validate


def record(record_id):
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return {
        "record_id": record_id, "consent_id": "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f",
        "event": "given", "action": "accept-all", "screen": "banner", "client_time": now,
        "revision": 1, "language": "kk", "texts_sha256": "ab" * 32,
        "categories": {"necessary": True}, "services": {}, "third_parties": False,
        "third_party_providers": [], "cross_border": False, "cross_border_countries": [],
        "published": False, "page_url": "https://shop.kz/", "user_agent": "test", "gpc": False,
        "kelisim_version": "0.1.0", "expires": None, "operator_bin": None, "policy_version": None,
        "previous_record_id": None,
    }


class AsgiTest(unittest.TestCase):
    def post(self, app, body):
        sent = []

        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "scheme": "http",
                 "headers": [(b"content-type", b"application/json"), (b"host", b"shop.kz")]}
        asyncio.run(app(scope, receive, send))
        headers = dict((k.decode().lower(), v.decode()) for k, v in sent[0]["headers"])
        return sent[0]["status"], headers, json.loads(sent[1]["body"])

    def test_stored_then_repeat_with_the_cookie(self):
        with tempfile.TemporaryDirectory() as d:
            app = make_app(Receiver(database=os.path.join(d, "c.db"), cors_origins=[]))
            body = json.dumps(record("5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f")).encode()
            status, headers, answer = self.post(app, body)
            self.assertEqual((status, answer["status"], answer["id"]), (201, "stored", 1))
            self.assertTrue(headers["set-cookie"].startswith("kelisim=2.0b0e4a52-"))
            status, _, answer = self.post(app, body)
            self.assertEqual((status, answer["status"], answer["id"]), (200, "repeat", 1))
            status, _, answer = self.post(app, json.dumps({**record("x"), "record_id": 1}).encode())
            self.assertEqual(status, 400)
            self.assertIn({"path": "/record_id", "message": "1 is not of type string"}, answer["problems"])


class ExpiryTest(unittest.TestCase):
    def test_thirteen_calendar_months_clamped_to_the_month_end(self):
        import calendar
        at = lambda *t: calendar.timegm(t + (0, 0, 0))  # noqa: E731
        self.assertEqual(expiry(at(2026, 1, 31, 10, 0, 0)), at(2027, 2, 28, 10, 0, 0))
        self.assertEqual(expiry(at(2027, 1, 31, 0, 0, 0)), at(2028, 2, 29, 0, 0, 0))
        self.assertEqual(expiry(at(2026, 12, 4, 4, 30, 0)), at(2028, 1, 4, 4, 30, 0))


class SchemaTest(unittest.TestCase):
    def test_a_processing_record_needs_its_form(self):
        r = record("5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f")
        self.assertEqual(validate(r), [])
        r.update(kind="processing", form=None, purpose="ads")
        self.assertEqual([p["path"] for p in validate(r)], ["/form"])


if __name__ == "__main__":
    unittest.main()
