package com.psabridge.worker.site;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deliveries wait for their tenant's ConnectWise site. The limits themselves are
 * Resilience4j configurations named {@code connectwise-site} ({@code resilience4j.*}).
 *
 * @param waitList how many deliveries of one tenant may wait in memory for a concurrency
 * slot; the ones beyond are put off. With the tenant's concurrency it bounds how many of
 * a worker's prefetched messages one tenant can hold
 * @param slotWait how long a delivery waits in the wait list before it is put off
 * @param busyDelay how long a put-off request waits when its tenant's concurrency or rate
 * limit is reached
 * @param rampSteps how many periods the rate limit takes to climb back to its configured
 * value after the circuit breaker closes
 */
@ConfigurationProperties("psa.site-protection")
public record SiteProtectionProperties(@DefaultValue("8") int waitList, @DefaultValue("10s") Duration slotWait,
		@DefaultValue("2s") Duration busyDelay, @DefaultValue("5") int rampSteps) {

}
