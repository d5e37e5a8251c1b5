package com.psabridge.core.queue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageBrokerTests {

	@Test
	void rabbitMqDefaultsToAQuorumQueueDeadLetteringToTheDlx() {
		assertThat(MessageBroker.RABBITMQ.workQueueArguments(Map.of())).containsEntry("x-queue-type", "quorum")
			.containsEntry("x-delivery-limit", 10)
			.containsEntry("x-dead-letter-exchange", "psa.requests.dlx")
			.hasSize(3);
	}

	@Test
	void qpidDeadLettersThroughTheAlternateExchangeAtTheFirstRejection() {
		assertThat(MessageBroker.QPID.workQueueArguments(null)).containsEntry("alternateExchange", "psa.requests.dlx")
			.containsEntry("x-qpid-maximum-delivery-count", 1)
			.doesNotContainKeys("x-queue-type", "x-dead-letter-exchange");
	}

	@Test
	void configuredArgumentsReplaceTheDefaultsButKeepTheDeadLetterRoute() {
		assertThat(MessageBroker.RABBITMQ.workQueueArguments(Map.of("x-queue-type", "classic")))
			.containsEntry("x-queue-type", "classic")
			.containsEntry("x-dead-letter-exchange", "psa.requests.dlx")
			.doesNotContainKey("x-delivery-limit");
	}

}
