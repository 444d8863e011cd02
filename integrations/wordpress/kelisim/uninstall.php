<?php
/**
 * Deleting the plugin in wp-admin: the settings go; the consent records (the table
 * {prefix}kelisim_ledger) stay as proof of consent, unless the admin turned on "Delete the
 * consent records when the plugin is deleted" and confirmed it by typing the table's name.
 */

defined('WP_UNINSTALL_PLUGIN') || exit;

global $wpdb;
$table = $wpdb->prefix . 'kelisim_ledger';
if (get_option('kelisim_delete_records') === $table) {
    $wpdb->query("DROP TABLE IF EXISTS `$table`");
}
foreach (['kelisim_config', 'kelisim_autoblock', 'kelisim_one_file', 'kelisim_origins', 'kelisim_delete_records'] as $option) {
    delete_option($option);
}
