"""The receiver's decisions, framework-free: reading and validating a record, the ledger (SQLite
or PostgreSQL), the consent cookie and CORS. `handle(method, headers, body)` answers one
request as `(status, headers, body bytes)`; the WSGI app, the ASGI app and the Django view wrap it.

Behaviour (shared by every kelisim receiver, docs/ledger-format.md): schema problems 400, 413,
415, 403 for an origin not allowed, 201 stored / 200 repeat only after the commit, the consent
cookie re-issued for 13 months and never rolled back. No IP address is stored.
"""

import calendar
import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from datetime import datetime, timezone

MAX_BODY = 64 * 1024
MAX_DEPTH = 8
CLOCK_SKEW = 24 * 3600
GENESIS = "0" * 64
MAX_PROBLEMS = 20

with open(os.path.join(os.path.dirname(__file__), "consent-record.schema.json"), encoding="utf-8") as f:
    SCHEMA = json.load(f)


# ---- validation (the JSON Schema subset the record schema uses) ----

def _type_of(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "integer" if v.is_integer() else "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def _pointer(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def _check(schema, value, path, problems):
    def add(message):
        if len(problems) < MAX_PROBLEMS:
            problems.append({"path": path, "message": message})

    if "$ref" in schema:
        return _check(SCHEMA["$defs"][schema["$ref"][len("#/$defs/"):]], value, path, problems)
    if "oneOf" in schema:
        matches = 0
        for sub in schema["oneOf"]:
            p = []
            _check(sub, value, path, p)
            matches += 0 if p else 1
        if matches != 1:
            add(f"{json.dumps(value)} is not one of the allowed values")
        return
    if "const" in schema and (value != schema["const"] or _type_of(value) != _type_of(schema["const"])):
        return add(f"{json.dumps(schema['const'])} was expected")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        t = _type_of(value)
        if t not in types and not (t == "integer" and "number" in types):
            return add(f"{json.dumps(value)} is not of type {' or '.join(types)}")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            add(f"shorter than {schema['minLength']} characters")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            add(f"longer than {schema['maxLength']} characters")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            add(f"{json.dumps(value)} does not match \"{schema['pattern']}\"")
    if _type_of(value) in ("integer", "number") and "minimum" in schema and value < schema["minimum"]:
        add(f"{value} is less than the minimum of {schema['minimum']}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _check(schema["items"], item, f"{path}/{i}", problems)
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                add(f'"{name}" is a required property')
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for k, v in value.items():
            child = f"{path}/{_pointer(k)}"
            if k in props:
                _check(props[k], v, child, problems)
            elif isinstance(extra, dict):
                _check(extra, v, child, problems)
            if "propertyNames" in schema:
                _check(schema["propertyNames"], k, child, problems)
        if "if" in schema and "then" in schema:
            p = []
            _check(schema["if"], value, path, p)
            if not p:
                _check(schema["then"], value, path, problems)


def _nul_strings(value, path, problems):
    if isinstance(value, str):
        if "\0" in value and len(problems) < MAX_PROBLEMS:
            problems.append({"path": path or "/", "message": "contains U+0000"})
    elif isinstance(value, dict):
        for k, v in value.items():
            _nul_strings(v, f"{path}/{_pointer(k)}", problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _nul_strings(v, f"{path}/{i}", problems)


def validate(value):
    """The problems of `value` as a consent record (empty: it is one)."""
    problems = []
    _nul_strings(value, "", problems)
    if isinstance(value, dict):
        for k in value:
            if k not in SCHEMA["properties"] and len(problems) < MAX_PROBLEMS:
                problems.append({"path": f"/{_pointer(k)}", "message": f"{json.dumps(k)} is not a field of a consent record"})
    _check(SCHEMA, value, "", problems)
    return problems


def _nesting(text):
    depth = deepest = 0
    in_string = escaped = False
    for c in text:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
            continue
        if c == '"':
            in_string = True
        elif c in "{[":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "}]":
            depth = max(0, depth - 1)
    return deepest


def _unix(client_time):
    try:
        return calendar.timegm(time.strptime(client_time, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return None


def read_record(body, now=None):
    """`(record, text, None, [])` or `(None, None, error, problems)`."""
    now = time.time() if now is None else now
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, None, "the body is not UTF-8", []
    if _nesting(text) > MAX_DEPTH:
        return None, None, f"a consent record nests arrays and objects at most {MAX_DEPTH} deep", []
    try:
        value = json.loads(text)
    except ValueError as e:
        return None, None, f"invalid JSON: {e}", []
    problems = validate(value)
    if not problems:
        given = _unix(value["client_time"])
        if given is None:
            problems.append({"path": "/client_time", "message": f"{json.dumps(value['client_time'])} is not a valid date and time"})
        elif abs(given - now) > CLOCK_SKEW:
            problems.append({"path": "/client_time", "message": f"{json.dumps(value['client_time'])} is more than 24 hours from the receiver's clock"})
    if problems:
        return None, None, "not a consent record (schema/consent-record.schema.json)", problems
    return value, text, None, []


# ---- the ledger ----

def hash2(row):
    text = "\n".join(["kelisim-ledger-2", row["prev_hash"], row["received_at"], row["record_id"],
                      row["consent_id"], row["given_at"], row["origin"], row["body"]])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _received_at():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


COLUMNS = "id, format, record_id, consent_id, given_at, received_at, origin, body, prev_hash, hash"
CREATE = """CREATE TABLE IF NOT EXISTS kelisim_ledger (
  id BIGINT PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, consent_id TEXT NOT NULL,
  given_at TEXT NOT NULL, received_at TEXT NOT NULL, origin TEXT NOT NULL, body TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL, format INTEGER NOT NULL)"""
INDEX = "CREATE INDEX IF NOT EXISTS kelisim_ledger_consent ON kelisim_ledger (consent_id)"


class Store:
    """The hash-chained ledger in SQLite (`sqlite:/path/file.db` or a path) or PostgreSQL
    (`postgres://…`, through psycopg 3). `append` is safe from many threads and processes."""

    def __init__(self, url):
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        self.url = url if self.postgres else re.sub(r"^sqlite:(//)?", "", url)
        self.local = threading.local()
        with self._connect() as c:
            self._exec(c, CREATE)
            self._exec(c, INDEX)
            c.commit()

    def _connect(self):
        if self.postgres:
            import psycopg
            return psycopg.connect(self.url)
        c = sqlite3.connect(self.url, timeout=30, isolation_level=None)
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=FULL")
        return c

    def _conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = self.local.conn = self._connect()
        return c

    def _exec(self, c, sql, args=()):
        if self.postgres:
            sql = sql.replace("?", "%s")
        return c.execute(sql, args)

    def append(self, record_id, consent_id, given_at, origin, body):
        c = self._conn()
        for attempt in range(50):
            try:
                if self.postgres:  # psycopg opens the transaction itself
                    c.execute("LOCK TABLE kelisim_ledger IN SHARE ROW EXCLUSIVE MODE")
                else:
                    c.execute("BEGIN IMMEDIATE")
                result = self._append(c, record_id, consent_id, given_at, origin, body)
                if self.postgres:
                    c.commit()
                else:
                    c.execute("COMMIT")
                return result
            except Exception as e:
                if self.postgres:
                    c.rollback()
                elif c.in_transaction:
                    c.execute("ROLLBACK")
                busy = isinstance(e, sqlite3.OperationalError) and "locked" in str(e)
                if not busy or attempt == 49:
                    raise
                time.sleep(0.01)

    def _append(self, c, record_id, consent_id, given_at, origin, body):
        later = self._exec(c, "SELECT COUNT(*) FROM kelisim_ledger WHERE consent_id = ? AND given_at > ?",
                           (consent_id, given_at)).fetchone()[0]
        found = self._exec(c, "SELECT id FROM kelisim_ledger WHERE record_id = ?", (record_id,)).fetchone()
        if found:
            return {"status": "repeat", "id": int(found[0]), "superseded": later > 0}
        top = self._exec(c, "SELECT id, hash FROM kelisim_ledger ORDER BY id DESC LIMIT 1").fetchone()
        row = {"id": int(top[0]) + 1 if top else 1, "record_id": record_id, "consent_id": consent_id,
               "given_at": given_at, "received_at": _received_at(), "origin": origin, "body": body,
               "prev_hash": top[1] if top else GENESIS}
        row["hash"] = hash2(row)
        self._exec(c, f"INSERT INTO kelisim_ledger ({COLUMNS}) VALUES (?, 2, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (row["id"], record_id, consent_id, given_at, row["received_at"], origin, body,
                    row["prev_hash"], row["hash"]))
        return {"status": "stored", "id": row["id"], "received_at": row["received_at"],
                "hash": row["hash"], "superseded": later > 0}

    def export_lines(self):
        """The ledger as JSON Lines (docs/ledger-format.md), one string per row."""
        c = self._connect()
        try:
            for r in self._exec(c, f"SELECT {COLUMNS} FROM kelisim_ledger ORDER BY id"):
                keys = COLUMNS.split(", ")
                row = dict(zip(keys, r))
                row["id"], row["format"] = int(row["id"]), int(row["format"])
                yield json.dumps({k: row[k] for k in ["id", "format", "record_id", "consent_id", "given_at",
                                                      "received_at", "origin", "body", "prev_hash", "hash"]},
                                 ensure_ascii=False, separators=(",", ":")) + "\n"
        finally:
            c.close()


# ---- the cookie ----

def expiry(given):
    """Unix seconds + 13 calendar months, the day clamped to the month's last."""
    t = time.gmtime(given)
    index = t.tm_year * 12 + (t.tm_mon - 1) + 13
    year, month = divmod(index, 12)
    month += 1
    day = min(t.tm_mday, calendar.monthrange(year, month)[1])
    return calendar.timegm((year, month, day, t.tm_hour, t.tm_min, t.tm_sec))


def _fnv1a(s):
    h = 0x811C9DC5
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def cookie_value(r, given):
    granted = "~".join(sorted(k for k, v in r["categories"].items() if v is True))
    body = f"2.{r['consent_id']}.{r['revision']}.{given}.{r['language']}.{granted}.{1 if r['gpc'] else 0}"
    return f"{body}.{_fnv1a(body)}"


def _http_date(unix):
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(unix))


# ---- the endpoint ----

class Receiver:
    """One site's endpoint. Settings default to the environment: KELISIM_DATABASE_URL,
    KELISIM_CORS_ORIGINS (comma-separated), KELISIM_COOKIE_NAME, KELISIM_COOKIE_DOMAIN, KELISIM_SITE."""

    def __init__(self, database=None, cors_origins=None, cookie_name=None, cookie_domain=None, site=None):
        env = os.environ.get
        self.store = Store(database or env("KELISIM_DATABASE_URL", "sqlite:consents.db"))
        origins = cors_origins if cors_origins is not None else env("KELISIM_CORS_ORIGINS", "").split(",")
        self.origins = [o.strip().rstrip("/") for o in origins if o.strip()]
        self.cookie_name = cookie_name or env("KELISIM_COOKIE_NAME", "kelisim")
        self.cookie_domain = cookie_domain or env("KELISIM_COOKIE_DOMAIN", "")
        self.site = site if site is not None else env("KELISIM_SITE", "")

    def _origin_kind(self, origin, host):
        if not origin:
            return "own"
        if host and origin.split("://", 1)[-1] == host:
            return "own"
        if any(o != "*" and o.lower() == origin.lower() for o in self.origins):
            return "named"
        return "any" if not self.origins or "*" in self.origins else "forbidden"

    def handle(self, method, headers, read_body, https=False):
        """Answers one request. `headers`: lowercase names; `read_body(limit)` reads at most
        `limit` bytes. Returns `(status, [(name, value)], body bytes)`."""
        origin = headers.get("origin")
        kind = self._origin_kind(origin, headers.get("host"))
        if kind == "named":
            cors = [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true"), ("Vary", "Origin")]
        elif kind == "any":
            cors = [("Access-Control-Allow-Origin", "*")]
        else:
            cors = [("Vary", "Origin")]

        def answer(status, body, extra=()):
            return status, [("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"), *cors, *extra], \
                json.dumps(body, ensure_ascii=False).encode("utf-8")

        if method == "OPTIONS":
            if kind in ("named", "any"):
                return 204, [*cors, ("Access-Control-Allow-Methods", "POST, GET"),
                             ("Access-Control-Allow-Headers", "content-type"), ("Access-Control-Max-Age", "86400")], b""
            return 204, [], b""
        if method != "POST":
            return answer(405, {"error": "POST a consent record here"}, [("Allow", "POST, OPTIONS")])
        if kind == "forbidden":
            return answer(403, {"error": f"the origin {origin} may not post consent records here"})
        too_large = {"error": f"a consent record is at most {MAX_BODY} bytes"}
        try:
            declared = int(headers.get("content-length") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY:
            return answer(413, too_large, [("Connection", "close")])
        body = read_body(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return answer(413, too_large, [("Connection", "close")])
        media = (headers.get("content-type") or "").split(";")[0].strip().lower()
        if media not in ("application/json", "text/plain") and not media.endswith("+json"):
            return answer(415, {"error": "a consent record is sent with Content-Type: application/json"})
        record, text, error, problems = read_record(body)
        if record is None:
            return answer(400, {"error": error, "problems": problems} if problems else {"error": error})
        try:
            stored = self.store.append(record["record_id"], record["consent_id"], record["client_time"],
                                       origin or self.site, text)
        except Exception as e:  # the database: the client sends it again later
            import sys
            print(f"kelisim: the record could not be stored: {e}", file=sys.stderr)
            return answer(500, {"error": "the record could not be stored; send it again later"})
        extra = []
        if record.get("kind", "cookies") == "cookies" and not stored["superseded"] and kind in ("own", "named"):
            given = _unix(record["client_time"])
            expires = expiry(min(given, int(time.time())))
            proto = headers.get("x-forwarded-proto", "https" if https else "http").split(",")[0].strip().lower()
            value = f"{self.cookie_name}={cookie_value(record, given)}; Path=/; Expires={_http_date(expires)}; SameSite=Lax"
            if self.cookie_domain:
                value += f"; Domain={self.cookie_domain}"
            if proto == "https":
                value += "; Secure"
            extra.append(("Set-Cookie", value))
        stored.pop("superseded")
        status = 201 if stored["status"] == "stored" else 200
        return answer(status, {**stored, "record_id": record["record_id"]}, extra)
