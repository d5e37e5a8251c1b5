/**
 * The RabbitMQ contract between the gateway and psa-worker (contract §4): names, headers
 * and the message body.
 */
package com.psabridge.model.queue;
