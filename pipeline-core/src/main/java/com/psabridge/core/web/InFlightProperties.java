package com.psabridge.core.web;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The bound of {@link InFlightLimit}.
 *
 * @param maxInFlight most {@code /v1} requests a service takes at once; more are answered
 * 503 with {@code Retry-After}. Each holds about 10 KB of heap until it is answered
 */
@Validated
@ConfigurationProperties("psa.web")
public record InFlightProperties(@Min(1) @DefaultValue("512") int maxInFlight) {

}
