/**
 * Publishing to RabbitMQ with confirms, whatever is published: the request queue's
 * dispatcher and the receiver's ticket events both go through it.
 */
package com.psabridge.core.broker;
