/**
 * Protection of each tenant's ConnectWise site, and of tenants from each other: a
 * concurrency limit, a rate limit and a circuit breaker per tenant (Resilience4j), with a
 * ramp back up after an outage.
 */
package com.psabridge.worker.site;
