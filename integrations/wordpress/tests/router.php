<?php
// The router of PHP's built-in server for the WordPress test site (scripts/test-wordpress.sh):
// what Apache's or nginx's rewrite rules do for WordPress. Existing files are served as they are
// (PHP files run); everything else goes to index.php. /consent and /healthz, the paths the
// conformance suite talks to, are rewritten to the plugin's REST route, as a site would rewrite
// its endpoint.
$root = $_SERVER['DOCUMENT_ROOT'];
$path = (string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path === '/consent' || $path === '/healthz') {
    $_SERVER['REQUEST_URI'] = '/wp-json/kelisim/v1/records';
    unset($_SERVER['PATH_INFO']); // WordPress would route by it
    $path = '/index.php';
}
$file = $root . $path;
if (is_dir($file) && is_file(rtrim($file, '/') . '/index.php')) {
    $path = rtrim($path, '/') . '/index.php';
    $file = $root . $path;
}
if ($path !== '/' && is_file($file)) {
    if (substr($file, -4) !== '.php') {
        if (substr($file, -5) === '.wasm') {
            header('Content-Type: application/wasm');
            readfile($file);
            return true;
        }
        return false; // a static file: the built-in server sends it
    }
} else {
    $path = '/index.php';
    $file = $root . $path;
}
$_SERVER['SCRIPT_NAME'] = $path;
$_SERVER['PHP_SELF'] = $path;
$_SERVER['SCRIPT_FILENAME'] = $file;
chdir(dirname($file));
require $file;
