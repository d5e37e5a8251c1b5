package com.psabridge.worker.metrics;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The database-backed gauges.
 *
 * @param backlogRefresh how often the backlog, retry and pause gauges are read from
 * PostgreSQL (never per scrape)
 * @param topTenants how many tenants the per-tenant gauges name (those with the most
 * retrying requests, the longest paused); 0 names none. This bounds the only tenant label
 * the worker exports
 * @param topErrorCodes how many error codes {@code psa.requests.retrying} names; the rest
 * are {@code other}
 */
@Validated
@ConfigurationProperties("psa.metrics")
public record MetricsProperties(@DefaultValue("5s") Duration backlogRefresh,
		@DefaultValue("10") @Min(0) @Max(100) int topTenants, @DefaultValue("10") @Min(1) @Max(50) int topErrorCodes) {

}
