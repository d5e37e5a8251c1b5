package com.psabridge.webhook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.testing.LocalServices;
import com.psabridge.model.event.TicketEvents;
import org.awaitility.Awaitility;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * A downstream consumer on the real broker: its own queue bound to
 * {@code psa.ticket-events} with {@code ticket.*}, collecting every event, of every
 * context in the JVM.
 */
public final class TicketEventCollector {

	private static final ObjectMapper json = new ObjectMapper();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	TicketEventCollector() {
		LocalServices.Endpoints services = LocalServices.require();
		CachingConnectionFactory connections = new CachingConnectionFactory(services.rabbitHost(),
				services.rabbitPort());
		connections.setUsername(services.rabbitUser());
		connections.setPassword(services.rabbitPassword());
		connections.setVirtualHost(services.rabbitVirtualHost());
		RabbitAdmin admin = new RabbitAdmin(connections);
		TopicExchange exchange = new TopicExchange(TicketEvents.EXCHANGE, true, false);
		// Exclusive and auto-deleted: it goes with the test JVM.
		Queue queue = new Queue("psa.webhook-tests." + java.util.UUID.randomUUID(), false, true, true);
		admin.declareExchange(exchange);
		admin.declareQueue(queue);
		admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with(TicketEvents.ALL_TICKET_EVENTS));
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
		container.setQueues(queue);
		container.setMessageListener((message) -> {
			try {
				this.received.add(new Received(message.getMessageProperties().getReceivedRoutingKey(),
						message.getMessageProperties().getHeaders(),
						message.getMessageProperties().getReceivedDeliveryMode(),
						message.getMessageProperties().getContentType(), json.readTree(message.getBody())));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		container.start();
	}

	/** The events received so far for the tenant. */
	public List<Received> forTenant(String tenantId) {
		return this.received.stream()
			.filter((event) -> tenantId.equals(event.headers().get(TicketEvents.HEADER_TENANT_ID)))
			.toList();
	}

	/** Waits until the tenant has {@code count} events, and answers them. */
	public List<Received> await(String tenantId, int count) {
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> forTenant(tenantId).size() >= count);
		return forTenant(tenantId);
	}

	/**
	 * Asserts the tenant's events stay at {@code count} for a while: long enough for an
	 * inline publish and several relay passes to have happened.
	 */
	public void assertStaysAt(String tenantId, int count) {
		Awaitility.await()
			.during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> forTenant(tenantId).size() == count);
	}

	/**
	 * One event as a consumer sees it.
	 *
	 * @param routingKey the routing key it was published with
	 * @param headers its AMQP headers
	 * @param deliveryMode persistent or not
	 * @param contentType its content type
	 * @param body its JSON payload
	 */
	public record Received(String routingKey, Map<String, Object> headers, MessageDeliveryMode deliveryMode,
			String contentType, JsonNode body) {

	}

}
