/**
 * The gateway's metrics: what it adds to Spring Boot's, and the tags it keeps bounded.
 */
package com.psabridge.gateway.metrics;
