package com.psabridge.worker.site;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How requests that cannot go to ConnectWise now are put off. The limits themselves are
 * Resilience4j configurations named {@code connectwise-site} ({@code resilience4j.*}).
 *
 * @param busyDelay how long a request waits when its tenant's concurrency or rate limit
 * is reached
 * @param rampSteps how many periods the rate limit takes to climb back to its configured
 * value after the circuit breaker closes
 */
@ConfigurationProperties("psa.site-protection")
public record SiteProtectionProperties(@DefaultValue("2s") Duration busyDelay, @DefaultValue("5") int rampSteps) {

}
