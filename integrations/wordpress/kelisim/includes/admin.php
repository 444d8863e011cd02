<?php
/**
 * The screens in wp-admin (capability manage_options), in the admin's language:
 * - "Consent banner": paste the configuration (checked; errors name the key), a link to the
 *   configurator shipped in dist/configurator/, automatic blocking, other allowed origins, and
 *   the choice to delete the records with the plugin (confirmed by typing the table's name);
 * - "Consent records": the number of records, search by consent identifier, verify the hash
 *   chain, download the export (JSON Lines, docs/ledger-format.md) for a regulator's request.
 */

defined('ABSPATH') || exit;

add_action('admin_menu', function () {
    add_menu_page(
        kelisim_wp_t('wp-settings-title'),
        kelisim_wp_t('wp-menu-settings'),
        'manage_options',
        'kelisim',
        'kelisim_wp_settings_page',
        'dashicons-shield'
    );
    add_submenu_page('kelisim', kelisim_wp_t('wp-settings-title'), kelisim_wp_t('wp-menu-settings'), 'manage_options', 'kelisim', 'kelisim_wp_settings_page');
    add_submenu_page('kelisim', kelisim_wp_t('wp-records-title'), kelisim_wp_t('wp-menu-records'), 'manage_options', 'kelisim-records', 'kelisim_wp_records_page');
});

add_action('admin_post_kelisim_export', 'kelisim_wp_export_download');

// Without pdo_mysql (removed after activation) every record fails: say so on every admin screen.
add_action('admin_notices', function () {
    if (!extension_loaded('pdo_mysql') && current_user_can('manage_options')) {
        kelisim_wp_notice('error', [kelisim_wp_t('wp-error-pdo')]);
    }
});

// On the Plugins screen, before anyone deletes the plugin: what deleting does to the records.
add_filter('plugin_row_meta', function (array $meta, string $file) {
    if ($file === plugin_basename(KELISIM_WP_FILE)) {
        $table = kelisim_wp_table();
        $deletes = get_option('kelisim_delete_records') === $table;
        $meta[] = '<span id="kelisim-uninstall-note"' . ($deletes ? ' style="color:#b32d2e;font-weight:600"' : '') . '>'
            . esc_html(kelisim_wp_t($deletes ? 'wp-plugin-deletes' : 'wp-plugin-keeps', ['table' => $table])) . '</span>';
    }
    return $meta;
}, 10, 2);
add_filter('plugin_action_links_' . plugin_basename(KELISIM_WP_FILE), function (array $links) {
    array_unshift($links, '<a href="' . esc_url(admin_url('admin.php?page=kelisim')) . '">' . esc_html(kelisim_wp_t('wp-menu-settings')) . '</a>');
    return $links;
});

/** Saves the settings form when it was posted; returns [notice class, messages] or null. */
function kelisim_wp_save_settings(): ?array
{
    if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST' || !isset($_POST['kelisim_config'])) {
        return null;
    }
    check_admin_referer('kelisim_settings');
    $json = trim((string) wp_unslash($_POST['kelisim_config']));
    $origins = trim((string) wp_unslash($_POST['kelisim_origins'] ?? ''));
    $delete = !empty($_POST['kelisim_delete_records']);
    $confirm = trim((string) wp_unslash($_POST['kelisim_delete_confirm'] ?? ''));
    $problems = array_merge(kelisim_wp_check_config($json), kelisim_wp_check_origins($origins));
    $table = kelisim_wp_table();
    if ($delete && $confirm !== $table && get_option('kelisim_delete_records') !== $table) {
        $problems[] = kelisim_wp_t('wp-error-confirm', ['table' => $table]);
    }
    if ($problems) {
        return ['error', array_merge([kelisim_wp_t('wp-not-saved')], $problems)];
    }
    update_option('kelisim_config', $json);
    update_option('kelisim_origins', $origins);
    update_option('kelisim_autoblock', empty($_POST['kelisim_autoblock']) ? 'no' : 'yes');
    update_option('kelisim_one_file', empty($_POST['kelisim_one_file']) ? 'no' : 'yes');
    update_option('kelisim_delete_records', $delete ? $table : '');
    return ['success', [kelisim_wp_t('wp-saved')]];
}

function kelisim_wp_notice(string $class, array $messages): void
{
    echo '<div class="notice notice-', esc_attr($class), ' kelisim-notice" id="kelisim-notice">';
    foreach ($messages as $m) {
        echo '<p>', esc_html($m), '</p>';
    }
    echo '</div>';
}

function kelisim_wp_settings_page(): void
{
    if (!current_user_can('manage_options')) {
        return;
    }
    $notice = kelisim_wp_save_settings();
    $posted = $notice !== null && $notice[0] === 'error';
    $value = fn(string $key, string $saved) => $posted ? (string) wp_unslash($_POST[$key] ?? '') : $saved;
    $table = kelisim_wp_table();
    $deleting = get_option('kelisim_delete_records') === $table;
    echo '<div class="wrap" lang="', esc_attr(kelisim_wp_language()), '"><h1>', esc_html(kelisim_wp_t('wp-settings-title')), '</h1>';
    if ($notice !== null) {
        kelisim_wp_notice($notice[0], $notice[1]);
    }
    echo '<form method="post">';
    wp_nonce_field('kelisim_settings');
    echo '<table class="form-table" role="presentation">';
    // The configuration.
    echo '<tr><th scope="row"><label for="kelisim_config">', esc_html(kelisim_wp_t('wp-config-label')), '</label></th><td>';
    echo '<textarea id="kelisim_config" name="kelisim_config" rows="16" class="large-text code" spellcheck="false">',
        esc_textarea($value('kelisim_config', (string) get_option('kelisim_config', ''))), '</textarea>';
    echo '<p class="description">', esc_html(kelisim_wp_t('wp-config-help')), ' <a href="',
        esc_url(plugins_url('dist/configurator/index.html', KELISIM_WP_FILE)), '" target="_blank" rel="noopener">',
        esc_html(kelisim_wp_t('wp-open-configurator')), '</a></p>';
    echo '<p class="description">', esc_html(kelisim_wp_t('wp-endpoint-note', ['endpoint' => kelisim_wp_endpoint_url()])), '</p></td></tr>';
    // Automatic blocking.
    $autoblock = $posted ? !empty($_POST['kelisim_autoblock']) : get_option('kelisim_autoblock', 'yes') === 'yes';
    echo '<tr><th scope="row">', esc_html(kelisim_wp_t('wp-autoblock-label')), '</th><td><label><input type="checkbox" name="kelisim_autoblock" value="1"',
        checked($autoblock, true, false), '> ', esc_html(kelisim_wp_t('wp-autoblock-help')), '</label></td></tr>';
    // The one-file loader.
    $oneFile = $posted ? !empty($_POST['kelisim_one_file']) : get_option('kelisim_one_file', 'no') === 'yes';
    echo '<tr><th scope="row">', esc_html(kelisim_wp_t('wp-one-file-label')), '</th><td><label><input type="checkbox" name="kelisim_one_file" value="1"',
        checked($oneFile, true, false), '> ', esc_html(kelisim_wp_t('wp-one-file-help')), '</label></td></tr>';
    // Other origins.
    echo '<tr><th scope="row"><label for="kelisim_origins">', esc_html(kelisim_wp_t('wp-origins-label')), '</label></th><td>';
    echo '<textarea id="kelisim_origins" name="kelisim_origins" rows="3" class="large-text code">',
        esc_textarea($value('kelisim_origins', (string) get_option('kelisim_origins', ''))), '</textarea>';
    echo '<p class="description">', esc_html(kelisim_wp_t('wp-origins-help')), '</p></td></tr>';
    // Deleting the records with the plugin.
    $delete = $posted ? !empty($_POST['kelisim_delete_records']) : $deleting;
    echo '<tr><th scope="row">', esc_html(kelisim_wp_t('wp-delete-label')), '</th><td><label><input type="checkbox" name="kelisim_delete_records" value="1"',
        checked($delete, true, false), '> ', esc_html(kelisim_wp_t('wp-delete-label')), '</label>';
    echo '<p class="description">', esc_html(kelisim_wp_t('wp-delete-help', ['table' => $table])), '</p>';
    if (!$deleting) {
        echo '<p><label>', esc_html(kelisim_wp_t('wp-delete-confirm-label')), ' <input type="text" name="kelisim_delete_confirm" class="regular-text code" autocomplete="off"></label></p>';
    }
    echo '</td></tr></table>';
    echo '<p class="submit"><button type="submit" class="button button-primary">', esc_html(kelisim_wp_t('wp-save')), '</button></p>';
    echo '</form></div>';
}

function kelisim_wp_records_page(): void
{
    if (!current_user_can('manage_options')) {
        return;
    }
    echo '<div class="wrap" lang="', esc_attr(kelisim_wp_language()), '"><h1>', esc_html(kelisim_wp_t('wp-records-title')), '</h1>';
    try {
        kelisim_wp_receiver();
        $pdo = kelisim_db();
        $count = (int) $pdo->query('SELECT COUNT(*) FROM ' . kelisim_table())->fetchColumn();
    } catch (Throwable $e) {
        kelisim_wp_notice('error', [kelisim_wp_t('wp-db-error', ['error' => $e->getMessage()])]);
        echo '</div>';
        return;
    }
    echo '<p id="kelisim-count">', esc_html(kelisim_wp_t('wp-records-count', ['count' => number_format_i18n($count)])), '</p>';

    // Verify the chain.
    if (isset($_POST['kelisim_verify'])) {
        check_admin_referer('kelisim_verify');
        $v = kelisim_verify($pdo);
        if ($v['ok']) {
            kelisim_wp_notice('success', [kelisim_wp_t('wp-verify-ok', ['rows' => number_format_i18n($v['rows'])])]);
        } else {
            kelisim_wp_notice('error', [kelisim_wp_t('wp-verify-' . $v['code'], ['id' => $v['broken']])]);
        }
    }
    echo '<form method="post" style="display:inline-block;margin-right:1em">';
    wp_nonce_field('kelisim_verify');
    echo '<button type="submit" name="kelisim_verify" value="1" class="button">', esc_html(kelisim_wp_t('wp-verify-button')), '</button></form>';

    // Search by consent identifier.
    $consent = isset($_GET['consent']) ? sanitize_text_field(wp_unslash($_GET['consent'])) : '';
    echo '<form method="get" style="display:inline-block"><input type="hidden" name="page" value="kelisim-records">';
    echo '<label for="kelisim-consent">', esc_html(kelisim_wp_t('wp-search-label')), '</label> ';
    echo '<input type="search" id="kelisim-consent" name="consent" class="regular-text code" value="', esc_attr($consent), '"> ';
    echo '<button type="submit" class="button">', esc_html(kelisim_wp_t('wp-search-button')), '</button></form>';
    if ($consent !== '') {
        $rows = iterator_to_array(kelisim_rows($pdo, $consent), false);
        if (!$rows) {
            echo '<p id="kelisim-search-none">', esc_html(kelisim_wp_t('wp-search-none')), '</p>';
        } else {
            echo '<table class="widefat striped" id="kelisim-results" style="margin-top:1em"><thead><tr>';
            foreach (['wp-col-number', 'wp-col-record', 'wp-col-event', 'wp-col-given', 'wp-col-received', 'wp-col-categories'] as $col) {
                echo '<th>', esc_html(kelisim_wp_t($col)), '</th>';
            }
            echo '</tr></thead><tbody>';
            foreach ($rows as $r) {
                $body = json_decode($r['body'], true);
                $granted = [];
                foreach ((array) ($body['categories'] ?? []) as $id => $on) {
                    if ($on === true) {
                        $granted[] = $id;
                    }
                }
                $event = (string) ($body['event'] ?? '');
                $event = in_array($event, ['given', 'updated', 'withdrawn'], true) ? kelisim_wp_t('wp-event-' . $event) : $event;
                echo '<tr><td>', (int) $r['id'], '</td><td><code>', esc_html($r['record_id']), '</code></td><td>',
                    esc_html($event), '</td><td>', esc_html($r['given_at']), '</td><td>',
                    esc_html($r['received_at']), '</td><td>', esc_html(implode(', ', $granted)), '</td></tr>';
            }
            echo '</tbody></table>';
        }
    }

    // Export.
    echo '<h2>', esc_html(kelisim_wp_t('wp-export-title')), '</h2><p>', esc_html(kelisim_wp_t('wp-export-help')), '</p>';
    echo '<p><a class="button button-primary" id="kelisim-export" href="',
        esc_url(wp_nonce_url(admin_url('admin-post.php?action=kelisim_export'), 'kelisim_export')), '">',
        esc_html(kelisim_wp_t('wp-export-button')), '</a></p></div>';
}

/** admin-post.php?action=kelisim_export: the whole ledger as a JSON Lines download. */
function kelisim_wp_export_download(): void
{
    if (!current_user_can('manage_options')) {
        wp_die('', '', 403);
    }
    check_admin_referer('kelisim_export');
    kelisim_wp_receiver();
    $host = preg_replace('/[^A-Za-z0-9.-]/', '', (string) wp_parse_url(home_url(), PHP_URL_HOST));
    nocache_headers();
    header('Content-Type: application/jsonl; charset=utf-8');
    header('Content-Disposition: attachment; filename="kelisim-ledger-' . $host . '-' . gmdate('Y-m-d') . '.jsonl"');
    header('X-Content-Type-Options: nosniff');
    kelisim_export();
    exit;
}
