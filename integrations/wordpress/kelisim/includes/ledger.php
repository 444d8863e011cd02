<?php
/**
 * The ledger in the site's database: the PHP receiver (the same file as integrations/php, copied
 * into receiver/ by the build) run as a library on the WordPress database through PDO, in the
 * table {prefix}kelisim_ledger. Nothing of the chain is written here: storing, exporting and
 * verifying are the receiver's functions.
 */

defined('ABSPATH') || exit;

function kelisim_wp_table(): string
{
    global $wpdb;
    return $wpdb->prefix . 'kelisim_ledger';
}

/** The receiver library: in the plugin's zip, receiver/; in the repository, integrations/php. */
function kelisim_wp_receiver_path(): string
{
    $bundled = dirname(__DIR__) . '/receiver/kelisim-receiver.php';
    return is_file($bundled) ? $bundled : dirname(__DIR__, 3) . '/php/kelisim-receiver.php';
}

/** A PDO connection to the site's database (DB_HOST may carry a port or a socket). */
function kelisim_wp_connect(): PDO
{
    static $pdo = null;
    if ($pdo !== null) {
        return $pdo;
    }
    global $wpdb;
    $parsed = $wpdb->parse_db_host(DB_HOST);
    [$host, $port, $socket] = $parsed ? $parsed : [DB_HOST, null, null];
    $dsn = 'mysql:dbname=' . DB_NAME . ';charset=utf8mb4';
    if ($host !== null && $host !== '') {
        $dsn .= ';host=' . $host;
    }
    if ($port) {
        $dsn .= ';port=' . (int) $port;
    }
    if ($socket) {
        $dsn .= ';unix_socket=' . $socket;
    }
    $pdo = new PDO($dsn, DB_USER, DB_PASSWORD, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    return $pdo;
}

/** The site's own origin (scheme://host[:port]), stored when a request has no Origin header. */
function kelisim_wp_site_origin(): string
{
    $p = wp_parse_url(home_url());
    if (!$p || empty($p['host'])) {
        return '';
    }
    return ($p['scheme'] ?? 'https') . '://' . $p['host'] . (isset($p['port']) ? ':' . $p['port'] : '');
}

/** Loads the receiver library and hands it the plugin's settings and the site's database. */
function kelisim_wp_receiver(): void
{
    static $loaded = false;
    if (!$loaded) {
        if (!defined('KELISIM_RECEIVER_LIBRARY')) {
            define('KELISIM_RECEIVER_LIBRARY', true);
        }
        require_once kelisim_wp_receiver_path();
        $loaded = true;
    }
    $config = kelisim_wp_config();
    $cookie = isset($config->cookie) && is_object($config->cookie) ? $config->cookie : new stdClass();
    kelisim_configure([
        'KELISIM_TABLE' => kelisim_wp_table(),
        'KELISIM_CORS_ORIGINS' => implode(',', kelisim_wp_origins()),
        'KELISIM_COOKIE_NAME' => is_string($cookie->name ?? null) ? $cookie->name : 'kelisim',
        'KELISIM_COOKIE_DOMAIN' => is_string($cookie->domain ?? null) ? $cookie->domain : '',
        'KELISIM_SITE' => kelisim_wp_site_origin(),
    ], 'kelisim_wp_connect');
}
