package com.psabridge.webhook.connectwise;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the ConnectWise reads made while a callback waits for its answer.
 *
 * @param keyTimeout connect and answer timeout of a signing key fetch; the URL came in an
 * unauthenticated request, so it must not hold us up
 * @param keyMaxSize the largest signing key answer read
 * @param ticketTimeout connect and answer timeout of a ticket read (best effort: on
 * timeout the event carries what the callback had)
 * @param ticketMaxSize the largest ticket or notes answer read
 */
@Validated
@ConfigurationProperties("psa.webhook.connectwise")
public record ConnectWiseReadProperties(@NotNull @DefaultValue("2s") Duration keyTimeout,
		@NotNull @DefaultValue("16KB") DataSize keyMaxSize, @NotNull @DefaultValue("3s") Duration ticketTimeout,
		@NotNull @DefaultValue("1MB") DataSize ticketMaxSize) {

}
