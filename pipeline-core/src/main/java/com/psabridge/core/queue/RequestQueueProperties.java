package com.psabridge.core.queue;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the request topology is declared and published to.
 *
 * @param workQueueArguments arguments of {@code psa.requests.work}; the defaults make it
 * a quorum queue that dead-letters a message redelivered too often (a poison message) to
 * {@code psa.requests.dead}. A broker without quorum queues needs other arguments.
 * @param confirmTimeout how long a publish waits for the broker's confirm
 */
@Validated
@ConfigurationProperties("psa.queue")
public record RequestQueueProperties(@NotNull Map<String, Object> workQueueArguments,
		@DefaultValue("5s") Duration confirmTimeout) {

	public RequestQueueProperties {
		workQueueArguments = (workQueueArguments != null) ? Map.copyOf(workQueueArguments)
				: Map.of("x-queue-type", "quorum", "x-delivery-limit", 10);
	}

}
