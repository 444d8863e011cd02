<?php
/**
 * kelisim-receiver.php: the consent records endpoint for any PHP host (1C-Bitrix, Joomla, a
 * plain site). One file and the schema next to it; PDO with SQLite, MySQL/MariaDB or PostgreSQL.
 *
 * As an endpoint (POST /consent routed here): validates the record against
 * consent-record.schema.json, stores it once per record_id in the hash-chained ledger
 * (docs/ledger-format.md: row format 2), answers 201 stored / 200 repeat only after the commit,
 * and re-issues the consent cookie for 13 months (never rolling it back). No IP is stored.
 * From the command line: `php kelisim-receiver.php export` prints the ledger as JSON Lines,
 * `php kelisim-receiver.php verify` checks its hash chain.
 *
 * As a library (define KELISIM_RECEIVER_LIBRARY before requiring it, as the WordPress plugin
 * does): nothing runs; kelisim_configure() hands over settings and the database connection, and
 * kelisim_handle(), kelisim_export(), kelisim_verify() are called by the host.
 *
 * Settings: environment variables, or an array returned by kelisim-config.php next to this file:
 *   KELISIM_DATABASE_URL  PDO DSN: sqlite:/path/consents.db, mysql:host=…;dbname=…, pgsql:host=…;dbname=…
 *   KELISIM_DB_USER, KELISIM_DB_PASSWORD
 *   KELISIM_CORS_ORIGINS  origins allowed to POST cross-origin, comma-separated (empty: any, no cookie)
 *   KELISIM_COOKIE_NAME (kelisim), KELISIM_COOKIE_DOMAIN (host-only), KELISIM_SITE (origin stored
 *   when a request has none), KELISIM_TABLE (the ledger's table, kelisim_ledger)
 */

const KELISIM_MAX_BODY = 65536;
const KELISIM_MAX_DEPTH = 8;
const KELISIM_CLOCK_SKEW = 86400;
const KELISIM_GENESIS = '0000000000000000000000000000000000000000000000000000000000000000';

/**
 * Settings and a database connection handed over by a host (the WordPress plugin): they win over
 * the environment and kelisim-config.php. Returns the current ones.
 */
function kelisim_configure(?array $settings = null, ?callable $connect = null): array
{
    static $current = ['settings' => [], 'connect' => null];
    if ($settings !== null) {
        $current = ['settings' => $settings, 'connect' => $connect];
    }
    return $current;
}

function kelisim_setting(string $name, string $default = ''): string
{
    $given = kelisim_configure()['settings'];
    if (isset($given[$name]) && (string) $given[$name] !== '') {
        return (string) $given[$name];
    }
    static $file = null;
    if ($file === null) {
        $path = __DIR__ . '/kelisim-config.php';
        $file = is_file($path) ? (array) require $path : [];
    }
    $env = getenv($name);
    if ($env !== false && $env !== '') {
        return $env;
    }
    return isset($file[$name]) ? (string) $file[$name] : $default;
}

/** The ledger's table name (letters, digits, underscores). */
function kelisim_table(): string
{
    $table = kelisim_setting('KELISIM_TABLE', 'kelisim_ledger');
    if (!preg_match('/^[A-Za-z0-9_]{1,60}$/', $table)) {
        throw new InvalidArgumentException('KELISIM_TABLE: letters, digits and underscores only');
    }
    return $table;
}

function kelisim_db(): PDO
{
    $connect = kelisim_configure()['connect'];
    if ($connect !== null) {
        $pdo = $connect();
        $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    } else {
        $dsn = kelisim_setting('KELISIM_DATABASE_URL', 'sqlite:' . __DIR__ . '/consents.db');
        $pdo = new PDO($dsn, kelisim_setting('KELISIM_DB_USER') ?: null, kelisim_setting('KELISIM_DB_PASSWORD') ?: null, [
            PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
        ]);
    }
    $table = kelisim_table();
    $driver = $pdo->getAttribute(PDO::ATTR_DRIVER_NAME);
    $text = $driver === 'mysql' ? 'LONGTEXT' : 'TEXT';
    $key = $driver === 'mysql' ? 'VARCHAR(64)' : 'TEXT';
    if ($driver === 'sqlite') {
        $pdo->setAttribute(PDO::ATTR_TIMEOUT, 30);
        $pdo->exec('PRAGMA journal_mode=WAL');
        $pdo->exec('PRAGMA synchronous=FULL');
    }
    static $ready = false;
    if ($ready) {
        return $pdo;
    }
    try {
        $pdo->query("SELECT 1 FROM $table LIMIT 1");
        $ready = true;
        return $pdo;
    } catch (PDOException $e) {
        // Not created yet.
    }
    try {
        $pdo->exec("CREATE TABLE IF NOT EXISTS $table (
            id BIGINT PRIMARY KEY, record_id $key NOT NULL UNIQUE, consent_id $key NOT NULL,
            given_at $key NOT NULL, received_at $key NOT NULL, origin $text NOT NULL, body $text NOT NULL,
            prev_hash $key NOT NULL, hash $key NOT NULL, format INTEGER NOT NULL)"
            . ($driver === 'mysql' ? ' CHARACTER SET utf8mb4 COLLATE utf8mb4_bin' : ''));
        $pdo->exec("CREATE INDEX {$table}_consent ON $table (consent_id)");
    } catch (PDOException $e) {
        // Another request created it at the same time: it exists now, or the next query says why.
    }
    $ready = true;
    return $pdo;
}

/** Runs $work in a transaction that holds the ledger's write lock. */
function kelisim_locked(PDO $pdo, callable $work)
{
    $driver = $pdo->getAttribute(PDO::ATTR_DRIVER_NAME);
    $table = kelisim_table();
    for ($attempt = 0; ; $attempt++) {
        try {
            if ($driver === 'mysql') {
                // One writer at a time: a named lock held until the transaction ended.
                $pdo->query("SELECT GET_LOCK('$table', 30)")->fetchAll();
            }
            if ($driver === 'sqlite') {
                $pdo->exec('BEGIN IMMEDIATE');
            } else {
                $pdo->beginTransaction();
                if ($driver === 'pgsql') {
                    $pdo->exec("LOCK TABLE $table IN SHARE ROW EXCLUSIVE MODE");
                }
            }
            $result = $work();
            $driver === 'sqlite' ? $pdo->exec('COMMIT') : $pdo->commit();
            if ($driver === 'mysql') {
                $pdo->query("SELECT RELEASE_LOCK('$table')")->fetchAll();
            }
            return $result;
        } catch (PDOException $e) {
            try {
                $driver === 'sqlite' ? $pdo->exec('ROLLBACK') : $pdo->rollBack();
            } catch (Throwable $ignored) {
            }
            if ($driver === 'mysql') {
                try {
                    $pdo->query("SELECT RELEASE_LOCK('$table')")->fetchAll();
                } catch (Throwable $ignored) {
                }
            }
            if ($attempt >= 20) {
                throw $e;
            }
            usleep(random_int(5000, 50000));
        }
    }
}

function kelisim_answer(int $status, array $body, array $headers = []): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    header('X-Content-Type-Options: nosniff');
    foreach ($headers as $h) {
        header($h, false);
    }
    echo json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
}

// ---- validation (a JSON Schema subset: what consent-record.schema.json uses) ----

function kelisim_problem(array &$problems, string $path, string $message): void
{
    if (count($problems) < 20) {
        $problems[] = ['path' => $path, 'message' => $message];
    }
}

function kelisim_type_of($v): string
{
    if ($v === null) return 'null';
    if (is_bool($v)) return 'boolean';
    if (is_int($v)) return 'integer';
    if (is_float($v)) return 'number';
    if (is_string($v)) return 'string';
    if ($v instanceof stdClass) return 'object';
    return 'array';
}

function kelisim_validate(array $schema, $value, string $path, array $root, array &$problems): void
{
    if (isset($schema['$ref'])) {
        $name = substr($schema['$ref'], strlen('#/$defs/'));
        kelisim_validate($root['$defs'][$name], $value, $path, $root, $problems);
        return;
    }
    if (isset($schema['oneOf'])) {
        $matches = 0;
        foreach ($schema['oneOf'] as $sub) {
            $p = [];
            kelisim_validate($sub, $value, $path, $root, $p);
            $matches += $p ? 0 : 1;
        }
        if ($matches !== 1) {
            kelisim_problem($problems, $path, json_encode($value) . ' is not one of the allowed values');
        }
        return;
    }
    if (array_key_exists('const', $schema) && $value !== $schema['const']) {
        kelisim_problem($problems, $path, json_encode($schema['const']) . ' was expected');
        return;
    }
    if (isset($schema['type'])) {
        $types = (array) $schema['type'];
        $t = kelisim_type_of($value);
        if (!in_array($t, $types, true) && !($t === 'integer' && in_array('number', $types, true))) {
            kelisim_problem($problems, $path, json_encode($value) . ' is not of type ' . implode(' or ', $types));
            return;
        }
    }
    if (is_string($value)) {
        $len = (int) preg_match_all('/./su', $value);
        if (isset($schema['minLength']) && $len < $schema['minLength']) {
            kelisim_problem($problems, $path, "shorter than {$schema['minLength']} characters");
        }
        if (isset($schema['maxLength']) && $len > $schema['maxLength']) {
            kelisim_problem($problems, $path, "longer than {$schema['maxLength']} characters");
        }
        if (isset($schema['pattern']) && !preg_match('/' . str_replace('/', '\/', $schema['pattern']) . '/u', $value)) {
            kelisim_problem($problems, $path, json_encode($value) . " does not match \"{$schema['pattern']}\"");
        }
    }
    if ((is_int($value) || is_float($value)) && isset($schema['minimum']) && $value < $schema['minimum']) {
        kelisim_problem($problems, $path, "$value is less than the minimum of {$schema['minimum']}");
    }
    if (is_array($value) && isset($schema['items'])) {
        foreach ($value as $i => $item) {
            kelisim_validate($schema['items'], $item, "$path/$i", $root, $problems);
        }
    }
    if ($value instanceof stdClass) {
        $fields = get_object_vars($value);
        foreach ($schema['required'] ?? [] as $name) {
            if (!array_key_exists($name, $fields)) {
                kelisim_problem($problems, $path, "\"$name\" is a required property");
            }
        }
        foreach ($fields as $k => $v) {
            $child = $path . '/' . str_replace(['~', '/'], ['~0', '~1'], (string) $k);
            if (isset($schema['properties'][$k])) {
                kelisim_validate($schema['properties'][$k], $v, $child, $root, $problems);
            } elseif (isset($schema['additionalProperties']) && is_array($schema['additionalProperties'])) {
                kelisim_validate($schema['additionalProperties'], $v, $child, $root, $problems);
            }
            if (isset($schema['propertyNames'])) {
                kelisim_validate($schema['propertyNames'], (string) $k, $child, $root, $problems);
            }
        }
        if (isset($schema['if'], $schema['then'])) {
            $p = [];
            kelisim_validate($schema['if'], $value, $path, $root, $p);
            if (!$p) {
                kelisim_validate($schema['then'], $value, $path, $root, $problems);
            }
        }
    }
}

function kelisim_nul_strings($value, string $path, array &$problems): void
{
    if (is_string($value) && strpos($value, "\0") !== false) {
        kelisim_problem($problems, $path === '' ? '/' : $path, 'contains U+0000');
    } elseif (is_array($value) || $value instanceof stdClass) {
        foreach ((array) $value as $k => $v) {
            kelisim_nul_strings($v, $path . '/' . str_replace(['~', '/'], ['~0', '~1'], (string) $k), $problems);
        }
    }
}

/** [record (stdClass) or null, error, problems] */
function kelisim_read(string $text): array
{
    if (preg_match('//u', $text) !== 1) {
        return [null, 'the body is not UTF-8', []];
    }
    $depth = 0;
    $max = 0;
    $in = false;
    $esc = false;
    for ($i = 0, $n = strlen($text); $i < $n; $i++) {
        $c = $text[$i];
        if ($in) {
            if ($esc) $esc = false;
            elseif ($c === '\\') $esc = true;
            elseif ($c === '"') $in = false;
            continue;
        }
        if ($c === '"') $in = true;
        elseif ($c === '{' || $c === '[') $max = max($max, ++$depth);
        elseif ($c === '}' || $c === ']') $depth = max(0, $depth - 1);
    }
    if ($max > KELISIM_MAX_DEPTH) {
        return [null, 'a consent record nests arrays and objects at most ' . KELISIM_MAX_DEPTH . ' deep', []];
    }
    $value = json_decode($text, false, 64, JSON_BIGINT_AS_STRING);
    if ($value === null && json_last_error() !== JSON_ERROR_NONE) {
        return [null, 'invalid JSON: ' . json_last_error_msg(), []];
    }
    $schema = json_decode(file_get_contents(__DIR__ . '/consent-record.schema.json'), true);
    $problems = [];
    kelisim_nul_strings($value, '', $problems);
    if ($value instanceof stdClass) {
        foreach (array_keys(get_object_vars($value)) as $k) {
            if (!isset($schema['properties'][$k])) {
                kelisim_problem($problems, '/' . str_replace(['~', '/'], ['~0', '~1'], (string) $k), json_encode((string) $k) . ' is not a field of a consent record');
            }
        }
    }
    kelisim_validate($schema, $value, '', $schema, $problems);
    if (!$problems) {
        $given = strtotime($value->client_time);
        if ($given === false || gmdate('Y-m-d\TH:i:s\Z', $given) !== $value->client_time) {
            $problems[] = ['path' => '/client_time', 'message' => json_encode($value->client_time) . ' is not a valid date and time'];
        } elseif (abs($given - time()) > KELISIM_CLOCK_SKEW) {
            $problems[] = ['path' => '/client_time', 'message' => json_encode($value->client_time) . ' is more than 24 hours from the receiver\'s clock'];
        }
    }
    if ($problems) {
        return [null, 'not a consent record (schema/consent-record.schema.json)', $problems];
    }
    return [$value, '', []];
}

// ---- the cookie ----

/** Unix time + 13 calendar months, the day clamped to the month's last. */
function kelisim_expiry(int $given): int
{
    $d = new DateTimeImmutable('@' . $given);
    $y = (int) $d->format('Y');
    $m = (int) $d->format('n') + 13;
    $y += intdiv($m - 1, 12);
    $m = ($m - 1) % 12 + 1;
    $day = min((int) $d->format('j'), cal_days_in_month_utc($y, $m));
    return gmmktime((int) $d->format('G'), (int) $d->format('i'), (int) $d->format('s'), $m, $day, $y);
}

function cal_days_in_month_utc(int $y, int $m): int
{
    return (int) gmdate('t', gmmktime(0, 0, 0, $m, 1, $y));
}

function kelisim_fnv1a(string $s): string
{
    $h = 0x811c9dc5;
    for ($i = 0, $n = strlen($s); $i < $n; $i++) {
        $h ^= ord($s[$i]);
        $h = ($h * 0x01000193) & 0xffffffff;
    }
    return sprintf('%08x', $h);
}

function kelisim_cookie_value(stdClass $r, int $given): string
{
    $granted = [];
    foreach (get_object_vars($r->categories) as $id => $on) {
        if ($on === true) $granted[] = (string) $id;
    }
    sort($granted, SORT_STRING);
    $body = '2.' . $r->consent_id . '.' . $r->revision . '.' . $given . '.' . $r->language . '.'
        . implode('~', $granted) . ($r->gpc ? '.1' : '.0');
    return $body . '.' . kelisim_fnv1a($body);
}

// ---- CORS ----

function kelisim_origins(): array
{
    return array_values(array_filter(array_map(fn($o) => rtrim(trim($o), '/'), explode(',', kelisim_setting('KELISIM_CORS_ORIGINS')))));
}

/** 'own' (no Origin or the receiver's host), 'named', 'any' (no list) or 'forbidden'. */
function kelisim_origin_kind(?string $origin): string
{
    if ($origin === null || $origin === '') return 'own';
    $host = $_SERVER['HTTP_HOST'] ?? '';
    $parts = explode('://', $origin, 2);
    if ($host !== '' && ($parts[1] ?? '') === $host) return 'own';
    $list = kelisim_origins();
    foreach ($list as $o) {
        if ($o !== '*' && strcasecmp($o, $origin) === 0) return 'named';
    }
    return (!$list || in_array('*', $list, true)) ? 'any' : 'forbidden';
}

function kelisim_cors_headers(?string $origin, string $kind): array
{
    if ($kind === 'named') {
        return ["Access-Control-Allow-Origin: $origin", 'Access-Control-Allow-Credentials: true', 'Vary: Origin'];
    }
    return $kind === 'any' ? ['Access-Control-Allow-Origin: *'] : ['Vary: Origin'];
}

// ---- the endpoint ----

function kelisim_handle(): void
{
    $origin = $_SERVER['HTTP_ORIGIN'] ?? null;
    $kind = kelisim_origin_kind($origin);
    $cors = kelisim_cors_headers($origin, $kind);
    $method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
    if ($method === 'OPTIONS') {
        http_response_code(204);
        if ($kind === 'named' || $kind === 'any') {
            foreach ($cors as $h) header($h, false);
            header('Access-Control-Allow-Methods: POST, GET');
            header('Access-Control-Allow-Headers: content-type');
            header('Access-Control-Max-Age: 86400');
        }
        return;
    }
    if ($method !== 'POST') {
        kelisim_answer(405, ['error' => 'POST a consent record here'], ['Allow: POST, OPTIONS']);
        return;
    }
    if ($kind === 'forbidden') {
        kelisim_answer(403, ['error' => "the origin $origin may not post consent records here"], $cors);
        return;
    }
    $tooLarge = ['error' => 'a consent record is at most ' . KELISIM_MAX_BODY . ' bytes'];
    if ((int) ($_SERVER['CONTENT_LENGTH'] ?? 0) > KELISIM_MAX_BODY) {
        kelisim_answer(413, $tooLarge, array_merge($cors, ['Connection: close']));
        return;
    }
    $text = (string) file_get_contents('php://input', false, null, 0, KELISIM_MAX_BODY + 1);
    if (strlen($text) > KELISIM_MAX_BODY) {
        kelisim_answer(413, $tooLarge, $cors);
        return;
    }
    $media = strtolower(trim(explode(';', $_SERVER['CONTENT_TYPE'] ?? '')[0]));
    if ($media !== 'application/json' && $media !== 'text/plain' && substr($media, -5) !== '+json') {
        kelisim_answer(415, ['error' => 'a consent record is sent with Content-Type: application/json'], $cors);
        return;
    }
    [$record, $error, $problems] = kelisim_read($text);
    if ($record === null) {
        kelisim_answer(400, $problems ? ['error' => $error, 'problems' => $problems] : ['error' => $error], $cors);
        return;
    }
    try {
        $pdo = kelisim_db();
        $table = kelisim_table();
        $stored = kelisim_locked($pdo, function () use ($pdo, $table, $record, $text, $origin) {
            $q = $pdo->prepare("SELECT id FROM $table WHERE record_id = ?");
            $q->execute([$record->record_id]);
            $id = $q->fetchColumn();
            $q = $pdo->prepare("SELECT COUNT(*) FROM $table WHERE consent_id = ? AND given_at > ?");
            $q->execute([$record->consent_id, $record->client_time]);
            $superseded = (int) $q->fetchColumn() > 0;
            if ($id !== false) {
                return ['status' => 'repeat', 'id' => (int) $id, 'superseded' => $superseded];
            }
            $last = $pdo->query("SELECT id, hash FROM $table ORDER BY id DESC LIMIT 1")->fetch(PDO::FETCH_NUM);
            $id = $last ? (int) $last[0] + 1 : 1;
            $prev = $last ? $last[1] : KELISIM_GENESIS;
            $t = microtime(true);
            $receivedAt = gmdate('Y-m-d\TH:i:s', (int) $t) . sprintf('.%03dZ', (int) (($t - floor($t)) * 1000));
            $rowOrigin = $origin ?? kelisim_setting('KELISIM_SITE');
            $hash = kelisim_row_hash(['format' => 2, 'prev_hash' => $prev, 'received_at' => $receivedAt,
                'record_id' => $record->record_id, 'consent_id' => $record->consent_id,
                'given_at' => $record->client_time, 'origin' => $rowOrigin, 'body' => $text]);
            $pdo->prepare("INSERT INTO $table (id, record_id, consent_id, given_at, received_at, origin, body, prev_hash, hash, format)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 2)")
                ->execute([$id, $record->record_id, $record->consent_id, $record->client_time, $receivedAt, $rowOrigin, $text, $prev, $hash]);
            return ['status' => 'stored', 'id' => $id, 'received_at' => $receivedAt, 'hash' => $hash, 'superseded' => $superseded];
        });
    } catch (Throwable $e) {
        error_log('kelisim: the record could not be stored: ' . $e->getMessage());
        kelisim_answer(500, ['error' => 'the record could not be stored; send it again later'], $cors);
        return;
    }
    $headers = $cors;
    $isCookie = ($record->kind ?? 'cookies') === 'cookies';
    if ($isCookie && !$stored['superseded'] && ($kind === 'own' || $kind === 'named')) {
        $given = strtotime($record->client_time);
        $expires = kelisim_expiry(min($given, time()));
        $https = strtolower(explode(',', $_SERVER['HTTP_X_FORWARDED_PROTO'] ?? (!empty($_SERVER['HTTPS']) && $_SERVER['HTTPS'] !== 'off' ? 'https' : 'http'))[0]) === 'https';
        $domain = kelisim_setting('KELISIM_COOKIE_DOMAIN');
        $headers[] = 'Set-Cookie: ' . kelisim_setting('KELISIM_COOKIE_NAME', 'kelisim') . '=' . kelisim_cookie_value($record, $given)
            . '; Path=/; Expires=' . gmdate('D, d M Y H:i:s', $expires) . ' GMT; SameSite=Lax'
            . ($domain !== '' ? "; Domain=$domain" : '') . ($https ? '; Secure' : '');
    }
    $superseded = $stored['superseded'];
    unset($stored['superseded']);
    $body = ['status' => $stored['status'], 'id' => $stored['id'], 'record_id' => $record->record_id] + $stored;
    kelisim_answer($stored['status'] === 'stored' ? 201 : 200, $body, $headers);
}

/** A row's hash (docs/ledger-format.md): format 2, or format 1 for rows stored before it. */
function kelisim_row_hash(array $row): string
{
    if ((int) $row['format'] === 1) {
        return hash('sha256', implode("\n", [$row['prev_hash'], $row['received_at'], $row['body']]));
    }
    return hash('sha256', implode("\n", ['kelisim-ledger-2', $row['prev_hash'], $row['received_at'],
        $row['record_id'], $row['consent_id'], $row['given_at'], $row['origin'], $row['body']]));
}

/** The ledger's rows in id order, as the export has them; $consentId: only that consent's. */
function kelisim_rows(PDO $pdo, ?string $consentId = null): Generator
{
    $table = kelisim_table();
    $columns = 'id, format, record_id, consent_id, given_at, received_at, origin, body, prev_hash, hash';
    if ($consentId === null) {
        $rows = $pdo->query("SELECT $columns FROM $table ORDER BY id");
    } else {
        $rows = $pdo->prepare("SELECT $columns FROM $table WHERE consent_id = ? ORDER BY id");
        $rows->execute([$consentId]);
    }
    while ($r = $rows->fetch(PDO::FETCH_ASSOC)) {
        $r['id'] = (int) $r['id'];
        $r['format'] = (int) $r['format'];
        yield $r;
    }
}

/** Prints the ledger as JSON Lines (docs/ledger-format.md), to $out (default: the output). */
function kelisim_export($out = null): void
{
    $out = $out ?? fopen('php://output', 'w');
    foreach (kelisim_rows(kelisim_db()) as $r) {
        fwrite($out, json_encode($r, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");
    }
}

/**
 * Checks the whole chain: every hash recomputed, every prev_hash the previous row's hash, ids
 * 1, 2, 3… without a gap. ['ok' => bool, 'rows' => n, 'broken' => first bad id or null,
 * 'code' => 'gap'|'link'|'hash' or '', 'problem' => in English].
 */
function kelisim_verify(PDO $pdo): array
{
    $prev = KELISIM_GENESIS;
    $expected = 1;
    $n = 0;
    foreach (kelisim_rows($pdo) as $r) {
        $problem = $code = '';
        if ($r['id'] !== $expected) {
            [$code, $problem] = ['gap', "id $expected is missing"];
        } elseif (!hash_equals($prev, (string) $r['prev_hash'])) {
            [$code, $problem] = ['link', 'prev_hash is not the previous row\'s hash'];
        } elseif (!hash_equals(kelisim_row_hash($r), (string) $r['hash'])) {
            [$code, $problem] = ['hash', 'the hash does not match the row'];
        }
        if ($problem !== '') {
            return ['ok' => false, 'rows' => $n, 'broken' => $r['id'], 'code' => $code, 'problem' => $problem];
        }
        $prev = (string) $r['hash'];
        $expected++;
        $n++;
    }
    return ['ok' => true, 'rows' => $n, 'broken' => null, 'code' => '', 'problem' => ''];
}

if (!defined('KELISIM_RECEIVER_LIBRARY')) {
    // kelisim-config.php is read before anything else, so a host may stop direct requests there
    // (the WordPress plugin's copy answers 404 outside WordPress).
    kelisim_setting('KELISIM_DATABASE_URL');
    if (PHP_SAPI === 'cli') {
        $command = $argv[1] ?? '';
        if ($command === 'export') {
            kelisim_export();
            exit(0);
        }
        if ($command === 'verify') {
            $v = kelisim_verify(kelisim_db());
            echo $v['ok'] ? "the chain of {$v['rows']} rows verifies\n" : "row {$v['broken']}: {$v['problem']}\n";
            exit($v['ok'] ? 0 : 1);
        }
        fwrite(STDERR, "usage: php kelisim-receiver.php export|verify   (as an endpoint: route POST /consent here)\n");
        exit(2);
    }
    kelisim_handle();
}
