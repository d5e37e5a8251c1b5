/**
 * The bare-machine local run: an embedded PostgreSQL and an in-process Apache Qpid
 * Broker-J, started in their own process by {@code infra/run-local.sh} when no PostgreSQL
 * or RabbitMQ answers. Never part of a service's jar: the libraries are optional
 * dependencies of pipeline-core.
 */
package com.psabridge.core.embedded;
