<?php
// Command-line tasks on the WordPress test site (scripts/test-wordpress.sh), what wp-cli would do:
//   php site.php WP_DIR setup         after install.php: permalinks, theme, the admin's language
//   php site.php WP_DIR export        the plugin's ledger as JSON Lines (the receiver's export)
//   php site.php WP_DIR verify        the receiver's verification of the plugin's ledger
//   php site.php WP_DIR uninstall [confirmed]   runs the plugin's uninstall as deleting it in
//                                      wp-admin does; `confirmed`: after the setting "delete the
//                                      records" was confirmed (the table's name typed)
//   php site.php WP_DIR activate      activates the plugin again
//   php site.php WP_DIR texts LOCALE ID   the plugin's text ID for an admin reading wp-admin in LOCALE
[$self, $wpDir, $task] = array_pad($argv, 3, '');
$_SERVER['HTTP_HOST'] = $_SERVER['HTTP_HOST'] ?? '127.0.0.1';
require $wpDir . "/wp-load.php";
require_once ABSPATH . 'wp-admin/includes/plugin.php';
switch ($task) {
    case 'setup':
        // After install.php: pretty permalinks (/wp-json/…), the default theme, and the admin
        // reading wp-admin in Kazakh (the plugin follows get_user_locale()).
        global $wp_rewrite;
        $wp_rewrite->set_permalink_structure('/%postname%/');
        rest_api_register_rewrites();
        $wp_rewrite->flush_rules(true);
        switch_theme('twentytwentythree');
        update_user_meta(1, 'locale', 'kk');
        echo "set up: theme ", get_option('template'), ", permalinks ", get_option('permalink_structure'), "\n";
        break;
    case 'export':
        kelisim_wp_receiver();
        kelisim_export();
        break;
    case 'verify':
        kelisim_wp_receiver();
        $v = kelisim_verify(kelisim_db());
        echo json_encode($v), "\n";
        exit($v['ok'] ? 0 : 1);
    case 'texts':
        // The text ID ($argv[4]) for the admin (user 1) whose wp-admin language is $argv[3].
        update_user_meta(1, 'locale', $argv[3]);
        wp_set_current_user(1);
        echo kelisim_wp_t($argv[4]), "\n";
        update_user_meta(1, 'locale', 'kk');
        break;
    case 'activate':
        $activated = activate_plugin('kelisim/kelisim.php');
        exit(is_wp_error($activated) ? 1 : 0);
    case 'uninstall':
        if (($argv[3] ?? '') === 'confirmed') {
            update_option('kelisim_delete_records', kelisim_wp_table());
        }
        deactivate_plugins('kelisim/kelisim.php');
        uninstall_plugin('kelisim/kelisim.php');
        echo "uninstalled\n";
        break;
    default:
        fwrite(STDERR, "usage: php site.php WP_DIR install URL|export|verify|uninstall\n");
        exit(2);
}
