package com.psabridge.webhook.event;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How ticket events are published.
 *
 * @param confirmTimeout how long a batch of events waits for the broker's confirms; a
 * callback waits for its event's batch before it is answered, with its event left to the
 * relay if the batch was not confirmed
 * @param brokerBackoff after a failed publish, how long callbacks skip publishing
 * (leaving their events to the relay) so an outage does not slow every answer
 * @param relayInterval how often stored, unpublished events are published
 * @param relayBatch events per relay pass, and most events published together
 * @param publishChannels most batches of events waiting for their confirms at once, each
 * on a channel of its own
 */
@Validated
@ConfigurationProperties("psa.webhook.events")
public record TicketEventProperties(@NotNull @DefaultValue("2s") Duration confirmTimeout,
		@NotNull @DefaultValue("5s") Duration brokerBackoff, @NotNull @DefaultValue("1s") Duration relayInterval,
		@Min(1) @DefaultValue("200") int relayBatch, @Min(1) @Max(64) @DefaultValue("2") int publishChannels) {

}
