/**
 * The request topology on RabbitMQ and the one way a request is put on it: publish with a
 * confirm, then mark the row published.
 */
package com.psabridge.core.queue;
