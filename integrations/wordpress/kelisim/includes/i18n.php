<?php
/**
 * The plugin's visible texts in the language of wp-admin (get_user_locale(): kk, ru, else en).
 * The texts come from locales/wordpress/{kk,ru,en}/*.ftl through the generated texts.php.
 */

defined('ABSPATH') || exit;

function kelisim_wp_language(): string
{
    $locale = function_exists('get_user_locale') ? get_user_locale() : get_locale();
    $lang = strtolower(substr((string) $locale, 0, 2));
    return in_array($lang, ['kk', 'ru'], true) ? $lang : 'en';
}

/** The text $id in the admin's language, with {name} variables filled in (not escaped). */
function kelisim_wp_t(string $id, array $vars = []): string
{
    static $texts = null;
    if ($texts === null) {
        $texts = require __DIR__ . '/texts.php';
    }
    $text = $texts[kelisim_wp_language()][$id] ?? $texts['en'][$id] ?? $id;
    $pairs = [];
    foreach ($vars as $k => $v) {
        $pairs['{' . $k . '}'] = (string) $v;
    }
    return strtr($text, $pairs);
}
