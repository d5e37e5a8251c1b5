/**
 * Accepting ticket notes and time entries (stored, then queued for psa-worker) and
 * reading a request's status and attempts.
 */
package com.psabridge.gateway.request;
