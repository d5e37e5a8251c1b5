package com.psabridge.simulator;

/**
 * An authenticated call to {@code /{codebase}/apis/3.0}.
 *
 * @param request the request
 * @param origin {@code http://127.0.0.1:<port>}
 * @param apiBase {@code <origin>/<codebase>/apis/3.0}, used for {@code _info} links
 * @param company the login company the credentials belong to
 */
record ApiCall(SimRequest request, String origin, String apiBase, Company company) {

}
