package com.psabridge.worker.retry;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The retry budget and when requests are looked at again.
 *
 * @param schedule the delays between attempts ({@code PSA_RETRY_SCHEDULE}); its length is
 * the number of retries after the first attempt
 * @param jitter the fraction by which each delay is randomly lengthened or shortened
 * ({@code PSA_RETRY_JITTER}), so that requests failed together do not retry together
 * @param relayInterval how often due retries and unpublished requests are (re)published
 * @param unpublishedGrace how old an unpublished QUEUED request must be before the relay
 * publishes it, leaving the gateway's own publish time to land
 * @param relayBatch how many requests one relay pass publishes at most
 * @param tenantBatch how many of one tenant's due requests one relay pass publishes at
 * most, so that a tenant with a large backlog does not fill the work queue ahead of the
 * others
 * @param inProgressLease how long a delivery may stay IN_PROGRESS before it is taken to
 * have died with its worker and is queued again (longer than the slowest delivery: two
 * ConnectWise calls at the read timeout)
 * @param republishAfter how long a QUEUED request's message may go unconsumed before it
 * is published again, in case the message was lost (a duplicate message is harmless)
 */
@Validated
@ConfigurationProperties("psa.retry")
public record RetryProperties(@NotEmpty List<Duration> schedule,
		@DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("0.9") double jitter,
		@DefaultValue("1s") Duration relayInterval, @DefaultValue("5s") Duration unpublishedGrace,
		@DefaultValue("500") int relayBatch, @DefaultValue("20") int tenantBatch,
		@DefaultValue("5m") Duration inProgressLease, @DefaultValue("15m") Duration republishAfter) {

}
