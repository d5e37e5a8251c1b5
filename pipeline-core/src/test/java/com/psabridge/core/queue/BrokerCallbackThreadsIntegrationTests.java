package com.psabridge.core.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.psabridge.core.testing.LocalServices;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BrokerCallbackThreads} on the real RabbitMQ: a burst of confirmed publishes is
 * confirmed in full on the fixed pool, and starts none of the per-confirm threads Spring
 * AMQP's default cached pool would.
 */
class BrokerCallbackThreadsIntegrationTests {

	@Test
	void aBurstOfConfirmsRunsOnTheFixedPool() throws Exception {
		LocalServices.Endpoints services = LocalServices.require();
		CachingConnectionFactory connections = new CachingConnectionFactory(services.rabbitHost(),
				services.rabbitPort());
		connections.setUsername(services.rabbitUser());
		connections.setPassword(services.rabbitPassword());
		connections.setVirtualHost(services.rabbitVirtualHost());
		connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		// The bean name the default pool's threads would be named after.
		connections.setBeanName("burstTestConnectionFactory");
		BrokerCallbackThreads callbackThreads = new BrokerCallbackThreads(2);
		callbackThreads.postProcessBeforeInitialization(connections, "burstTestConnectionFactory");
		try {
			RabbitAdmin admin = new RabbitAdmin(connections);
			String queue = admin.declareQueue(new Queue("burst-" + UUID.randomUUID(), false, false, true));
			RabbitTemplate rabbit = new RabbitTemplate(connections);
			List<CompletableFuture<CorrelationData.Confirm>> confirms = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
				rabbit.convertAndSend("", queue, "burst " + i, correlation);
				confirms.add(correlation.getFuture());
			}
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			assertThat(confirms).allSatisfy((confirm) -> assertThat(confirm.join().isAck()).isTrue());
			assertThat(threadsNamed(BrokerCallbackThreads.THREAD_NAME_PREFIX)).isBetween(1L, 2L);
			assertThat(threadsNamed("burstTestConnectionFactory")).isZero();
			admin.deleteQueue(queue);
		}
		finally {
			connections.destroy();
			callbackThreads.destroy();
		}
	}

	private static long threadsNamed(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(prefix))
			.count();
	}

}
