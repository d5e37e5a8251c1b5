/**
 * Delivering one request to ConnectWise: claim the row, make the calls, record every
 * attempt and the resulting state in {@code psa_request} and {@code psa_activity_log}.
 */
package com.psabridge.worker.delivery;
