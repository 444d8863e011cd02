<?php
/**
 * The plugin's settings (wp_options): the configuration JSON (kelisim_config), automatic blocking
 * (kelisim_autoblock), the one-file loader (kelisim_one_file: kelisim-one.js, the first layer inside
 * it, without preload hints; off by default), other origins allowed to post records (kelisim_origins) and whether
 * deleting the plugin deletes the records (kelisim_delete_records, off unless confirmed).
 * The checks here are the plugin's: the shape of the keys it reads or that break the page when
 * wrong; the banner itself checks the rest and fails closed.
 */

defined('ABSPATH') || exit;

/** The saved configuration as an object (an empty one when none or unreadable). */
function kelisim_wp_config(): stdClass
{
    $json = (string) get_option('kelisim_config', '');
    $config = $json === '' ? null : json_decode($json);
    return $config instanceof stdClass ? $config : new stdClass();
}

/** The other origins allowed to post records, normalized (https://shop.kz). */
function kelisim_wp_origins(): array
{
    $lines = preg_split('/[\s,]+/', (string) get_option('kelisim_origins', ''), -1, PREG_SPLIT_NO_EMPTY);
    return array_values(array_unique(array_map(fn($o) => rtrim($o, '/'), $lines)));
}

/** The endpoint the banner posts to: the configuration's, else the plugin's REST route. */
function kelisim_wp_endpoint_url(): string
{
    $config = kelisim_wp_config();
    return is_string($config->endpoint ?? null) && $config->endpoint !== ''
        ? $config->endpoint : rest_url('kelisim/v1/records');
}

/**
 * Checks a pasted configuration. Returns the problems, each naming the key (empty: fine).
 * An empty text is fine: the banner's defaults.
 */
function kelisim_wp_check_config(string $json): array
{
    if (trim($json) === '') {
        return [];
    }
    $config = json_decode($json);
    if ($config === null && json_last_error() !== JSON_ERROR_NONE) {
        return [kelisim_wp_t('wp-error-json', ['error' => json_last_error_msg()])];
    }
    if (!$config instanceof stdClass) {
        return [kelisim_wp_t('wp-error-object')];
    }
    $problems = [];
    if (property_exists($config, 'revision') && !(is_int($config->revision) && $config->revision > 0)) {
        $problems[] = kelisim_wp_t('wp-error-integer', ['key' => 'revision']);
    }
    foreach (['endpoint', 'policy_version'] as $key) {
        if (property_exists($config, $key) && !is_string($config->$key)) {
            $problems[] = kelisim_wp_t('wp-error-string', ['key' => $key]);
        }
    }
    if (property_exists($config, 'language') && !in_array($config->language, ['kk', 'ru', 'en'], true)) {
        $problems[] = kelisim_wp_t('wp-error-language', ['key' => 'language']);
    }
    if (property_exists($config, 'languages')) {
        if (!is_array($config->languages)) {
            $problems[] = kelisim_wp_t('wp-error-list', ['key' => 'languages']);
        } else {
            foreach ($config->languages as $i => $lang) {
                if (!in_array($lang, ['kk', 'ru', 'en'], true)) {
                    $problems[] = kelisim_wp_t('wp-error-language', ['key' => "languages[$i]"]);
                }
            }
        }
    }
    foreach (['cookie', 'operator', 'forms'] as $key) {
        if (property_exists($config, $key) && !$config->$key instanceof stdClass) {
            $problems[] = kelisim_wp_t('wp-error-object-key', ['key' => $key]);
        }
    }
    if (($config->cookie ?? null) instanceof stdClass) {
        foreach (['name', 'domain'] as $key) {
            if (property_exists($config->cookie, $key) && !is_string($config->cookie->$key)) {
                $problems[] = kelisim_wp_t('wp-error-string', ['key' => "cookie.$key"]);
            }
        }
    }
    if (property_exists($config, 'categories')) {
        if (!is_array($config->categories)) {
            $problems[] = kelisim_wp_t('wp-error-list', ['key' => 'categories']);
        } else {
            foreach ($config->categories as $i => $category) {
                if (!$category instanceof stdClass || !is_string($category->id ?? null) || $category->id === '') {
                    $problems[] = kelisim_wp_t('wp-error-category', ['key' => "categories[$i]"]);
                }
            }
        }
    }
    if (property_exists($config, 'cross_border') && !is_array($config->cross_border)) {
        $problems[] = kelisim_wp_t('wp-error-list', ['key' => 'cross_border']);
    }
    return $problems;
}

/** Checks the origins text (one per line). Returns the problems. */
function kelisim_wp_check_origins(string $text): array
{
    $problems = [];
    foreach (preg_split('/[\s,]+/', $text, -1, PREG_SPLIT_NO_EMPTY) as $i => $origin) {
        if (!preg_match('#^https?://[A-Za-z0-9.-]+(:\d+)?/?$#', $origin)) {
            $problems[] = kelisim_wp_t('wp-error-origin', ['key' => $origin]);
        }
    }
    return $problems;
}
