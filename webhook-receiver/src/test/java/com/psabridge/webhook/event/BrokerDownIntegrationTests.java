package com.psabridge.webhook.event;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.psabridge.core.testing.LocalServices;
import com.psabridge.webhook.testing.CallbackIntegrationTest;
import com.psabridge.webhook.testing.TicketEventCollector.Received;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver whose broker is down (its RabbitMQ port is a closed one; the real broker
 * keeps running for everyone else): callbacks are still stored and answered 200, and
 * their events are published once the broker is reachable again, each exactly once. This
 * is its own small context; the shared one may be running its relay against the same rows
 * at the same time, which is what several receivers do.
 */
class BrokerDownIntegrationTests extends CallbackIntegrationTest {

	private static final int CLOSED_PORT = closedPort();

	@Autowired
	private CachingConnectionFactory rabbit;

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterEach
	void brokerComesBack() {
		LocalServices.Endpoints services = LocalServices.require();
		this.rabbit.setAddresses(services.rabbitHost() + ":" + services.rabbitPort());
		this.rabbit.resetConnection();
	}

	@Test
	void acknowledgesAndStoresCallbacksWhileTheBrokerIsDownAndPublishesThemOnceItIsBack() {
		this.rabbit.setAddresses("127.0.0.1:" + CLOSED_PORT);
		this.rabbit.resetConnection();
		Tenant tenant = newTenant(true);
		long ticketId = 7_000_000 + (long) (Math.random() * 1_000_000);
		String added = UUID.randomUUID().toString();
		String updated = UUID.randomUUID().toString();
		post(tenant,
				ticketCallback(tenant, added, "added", ticketId, "jdoe",
						ticketEntity(ticketId, "Stored while the broker is down", 1,
								Instant.parse("2026-11-22T14:00:00Z"))))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("PENDING");
		post(tenant,
				ticketCallback(tenant, updated, "updated", ticketId, "jdoe",
						ticketEntity(ticketId, "Stored while the broker is down", 2,
								Instant.parse("2026-11-22T14:01:00Z"))))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("PENDING");
		Map<String, Object> row = inboxRow(added);
		assertThat(row).containsEntry("outcome", "EVENT").containsEntry("routing_key", "ticket.added");
		assertThat(row.get("event_id")).isNotNull();
		// Several relay passes fail meanwhile; the rows stay unpublished.
		events.assertStaysAt(tenant.id(), 0);
		assertThat(inboxRow(added).get("published_at")).isNull();

		brokerComesBack();

		Received first = events.await(tenant.id(), 2).get(0);
		assertThat(first.routingKey()).isEqualTo("ticket.added");
		assertThat(first.body().get("eventId").asText()).isEqualTo(row.get("event_id").toString());
		assertThat(events.forTenant(tenant.id()).get(1).routingKey()).isEqualTo("ticket.updated");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> inboxRow(added).get("published_at") != null && inboxRow(updated).get("published_at") != null);
		events.assertStaysAt(tenant.id(), 2);
	}

}
