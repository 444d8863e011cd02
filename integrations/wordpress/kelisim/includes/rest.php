<?php
/**
 * The endpoint: POST /wp-json/kelisim/v1/records (or ?rest_route=/kelisim/v1/records). The PHP
 * receiver answers it whole (status, CORS, the consent cookie, the JSON body), so the answers are
 * the same as every other receiver's (the conformance suite): the request is taken over in
 * rest_pre_dispatch, before WordPress checks the JSON itself (rest_invalid_json) or adds its own
 * CORS headers, and the receiver reads the raw body.
 */

defined('ABSPATH') || exit;

const KELISIM_WP_ROUTE = '/kelisim/v1/records';

add_action('rest_api_init', function () {
    register_rest_route('kelisim/v1', '/records', [
        'methods' => ['POST', 'OPTIONS'],
        'callback' => 'kelisim_wp_serve_endpoint',
        'permission_callback' => '__return_true',
    ]);
});

add_filter('rest_pre_dispatch', function ($result, $server, $request) {
    if (untrailingslashit($request->get_route()) === KELISIM_WP_ROUTE) {
        kelisim_wp_serve_endpoint();
    }
    return $result;
}, -10000, 3);

/** Answers the request with the receiver and ends it. */
function kelisim_wp_serve_endpoint(): void
{
    kelisim_wp_receiver();
    if (!headers_sent()) {
        header_remove();
    }
    kelisim_handle();
    exit;
}
