package com.psabridge.core.queue;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the request topology is declared and published to.
 *
 * @param workQueueArguments arguments of {@code psa.requests.work}; empty means the
 * broker's defaults (on RabbitMQ a quorum queue that dead-letters a message redelivered
 * too often, a poison message, to {@code psa.requests.dead})
 * @param confirmTimeout how long a batch of publishes waits for the broker's confirms
 * @param broker the broker the topology is declared on ({@code PSA_QUEUE_BROKER}):
 * {@code rabbitmq}, or {@code qpid} for the embedded local run
 * @param publishChannels most batches of publishes waiting for their confirms at once,
 * each on a channel of its own
 * @param maxPublishBatch most requests one batch publishes before it waits for the
 * confirms
 */
@Validated
@ConfigurationProperties("psa.queue")
public record RequestQueueProperties(Map<String, Object> workQueueArguments,
		@DefaultValue("5s") Duration confirmTimeout, @NotNull @DefaultValue("rabbitmq") MessageBroker broker,
		@Min(1) @Max(64) @DefaultValue("2") int publishChannels,
		@Min(1) @Max(1000) @DefaultValue("128") int maxPublishBatch) {

	public RequestQueueProperties {
		workQueueArguments = (workQueueArguments != null) ? Map.copyOf(workQueueArguments) : Map.of();
	}

	/** The work queue's arguments on the configured broker. */
	Map<String, Object> effectiveWorkQueueArguments() {
		return this.broker.workQueueArguments(this.workQueueArguments);
	}

}
