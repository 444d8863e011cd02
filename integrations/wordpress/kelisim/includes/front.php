<?php
/**
 * The visitor's side: the configuration and the loader, printed first in <head> (wp_head at the
 * earliest priority, before any tracker a theme or plugin prints there), the loader kelisim.js
 * with data-kelisim-autoblock unless turned off (then kelisim-lite.js, the same without automatic
 * blocking, 2 KB smaller), its preload hints from dist/manifest.json (or, when the one-file
 * loader is chosen without automatic blocking, kelisim-one.js, async, alone). The files
 * are served from the plugin's dist/ (a copy of kelisim's dist/ put in by the build).
 */

defined('ABSPATH') || exit;

add_action('wp_head', 'kelisim_wp_head', -10000);

/** The bundle's manifest (dist/manifest.json), or null when the copy is missing. */
function kelisim_wp_manifest(): ?array
{
    static $manifest = false;
    if ($manifest === false) {
        $path = dirname(__DIR__) . '/dist/manifest.json';
        $manifest = is_file($path) ? json_decode((string) file_get_contents($path), true) : null;
    }
    return is_array($manifest) ? $manifest : null;
}

/** The configuration the banner gets: the saved one, its endpoint the plugin's route when unset. */
function kelisim_wp_page_config(): stdClass
{
    $config = kelisim_wp_config();
    if (!is_string($config->endpoint ?? null) || $config->endpoint === '') {
        $config->endpoint = rest_url('kelisim/v1/records');
    }
    if (!property_exists($config, 'revision')) {
        $config->revision = 1;
    }
    return $config;
}

function kelisim_wp_head(): void
{
    $manifest = kelisim_wp_manifest();
    if ($manifest === null) {
        return; // No bundle: nothing half-working is printed.
    }
    $base = plugins_url('dist/', KELISIM_WP_FILE);
    $autoblock = get_option('kelisim_autoblock', 'yes') === 'yes';
    // The one-file loader (kelisim-one.js) carries the first layer: no hints, and `async`. Not
    // with automatic blocking, which needs the small loader as a plain script that holds the
    // parser: kelisim-one.js is about 50 KB brotli.
    $one = !$autoblock && get_option('kelisim_one_file', 'no') === 'yes' && isset($manifest['loader_one_response']['file']);
    // Without automatic blocking, the loader built without it (kelisim-lite.js; a bundle older
    // than it names none), still a plain script: Consent Mode's default comes before any gtag.
    $loader = $one ? $manifest['loader_one_response']
        : (!$autoblock && isset($manifest['loader_lite']['file']) ? $manifest['loader_lite'] : ($manifest['loader'] ?? []));
    // The loader's URL changes with its content (its integrity hash), so it may be cached long.
    $version = substr(hash('sha256', (string) ($loader['integrity'] ?? KELISIM_WP_VERSION)), 0, 12);
    foreach ($one ? [] : $manifest['preload'] ?? [] as $hint) {
        // The wasm's hint has `as` and `type` and no integrity (the loader checks its SHA-384).
        printf(
            "<link rel=\"%s\" href=\"%s\"%s%s%s crossorigin>\n",
            esc_attr($hint['rel'] ?? 'modulepreload'),
            esc_url($base . $hint['file']),
            isset($hint['as']) ? ' as="' . esc_attr($hint['as']) . '"' : '',
            isset($hint['type']) ? ' type="' . esc_attr($hint['type']) . '"' : '',
            isset($hint['integrity']) ? ' integrity="' . esc_attr($hint['integrity']) . '"' : ''
        );
    }
    $json = wp_json_encode(kelisim_wp_page_config(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_HEX_TAG | JSON_HEX_AMP);
    echo '<script type="application/json" id="kelisim-config">', $json, "</script>\n";
    printf(
        "<script src=\"%s\"%s></script>\n",
        esc_url($base . ($loader['file'] ?? 'kelisim.js') . '?v=' . $version),
        $autoblock ? ' data-kelisim-autoblock' : ($one ? ' async' : '')
    );
}
