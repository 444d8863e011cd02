<?php
/**
 * Plugin Name:       kelisim
 * Description:       Cookie consent banner and preference center for Kazakh websites (kk, ru, en), with automatic blocking of known trackers; consent records kept in the site's database in a hash-chained ledger.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           MIT OR Apache-2.0
 * Text Domain:       kelisim
 *
 * The plugin's entry point: loads its parts. includes/ledger.php connects the PHP receiver
 * (receiver/kelisim-receiver.php, the same file as integrations/php) to the site's database;
 * includes/front.php prints the configuration and the loader first in <head>; includes/rest.php
 * is the endpoint (/wp-json/kelisim/v1/records); includes/admin.php the screens in wp-admin.
 */

defined('ABSPATH') || exit;

const KELISIM_WP_VERSION = '0.1.0';
define('KELISIM_WP_FILE', __FILE__);

require_once __DIR__ . '/includes/i18n.php';
require_once __DIR__ . '/includes/ledger.php';
require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/front.php';
require_once __DIR__ . '/includes/rest.php';
if (is_admin()) {
    require_once __DIR__ . '/includes/admin.php';
}

register_activation_hook(__FILE__, 'kelisim_wp_activate');

/** Creates the ledger's table ({prefix}kelisim_ledger) on activation; records are never touched. */
function kelisim_wp_activate(): void
{
    if (!extension_loaded('pdo_mysql')) {
        // Not activated: a banner whose records go nowhere would prove nothing.
        wp_die(esc_html(kelisim_wp_t('wp-error-pdo')));
    }
    kelisim_wp_receiver();
    kelisim_db();
    add_option('kelisim_autoblock', 'yes');
}
