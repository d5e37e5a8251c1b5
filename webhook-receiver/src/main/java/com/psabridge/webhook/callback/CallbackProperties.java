package com.psabridge.webhook.callback;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the callback intake.
 *
 * @param maxBodySize the largest callback accepted (413 above); a ticket callback is a
 * few KB
 * @param inboxRetention how long callbacks are kept in {@code psa_callback_inbox}: a
 * duplicate older than this is no longer recognised. Rows whose event is not yet
 * published are never removed.
 * @param answerTimeout the longest a callback waits for its answer; past it the work is
 * rolled back and the answer is 503, so ConnectWise sends it again
 * @param tenantCacheTtl how long a matching callback token and a tenant's connection are
 * remembered: a revoked token, the end of a rotation grace, a removed or changed
 * connection take effect within this time ({@code 0}: ask the database every time)
 */
@Validated
@ConfigurationProperties("psa.webhook.callbacks")
public record CallbackProperties(@NotNull @DefaultValue("256KB") DataSize maxBodySize,
		@NotNull @DefaultValue("30d") Duration inboxRetention, @NotNull @DefaultValue("20s") Duration answerTimeout,
		@NotNull @DefaultValue("5s") Duration tenantCacheTtl) {

}
