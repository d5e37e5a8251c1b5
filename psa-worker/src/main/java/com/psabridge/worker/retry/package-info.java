/**
 * When a request that failed is tried again: the backoff schedule and the relay that puts
 * due and unpublished requests (back) on RabbitMQ.
 */
package com.psabridge.worker.retry;
