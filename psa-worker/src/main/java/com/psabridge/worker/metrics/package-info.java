/**
 * What operators watch: delivery counters and latency, the backlog read from the
 * database, the tenants' circuits and pauses, and the request and tenant ids in every log
 * line of a delivery.
 */
package com.psabridge.worker.metrics;
