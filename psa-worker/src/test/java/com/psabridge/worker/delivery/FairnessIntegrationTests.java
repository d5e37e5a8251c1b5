package com.psabridge.worker.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.psabridge.core.testing.LocalServices;
import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.TicketNote;
import com.psabridge.simulator.Fault;
import com.psabridge.worker.WorkerApplication;
import com.psabridge.worker.WorkerIntegrationTests;
import org.junit.jupiter.api.Test;

import com.psabridge.model.queue.RequestQueue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants do not hold each other up, and workers do not trip over each other.
 */
class FairnessIntegrationTests extends WorkerIntegrationTests {

	@Autowired
	private RabbitAdmin rabbitAdmin;

	@Test
	void aHangingTenantsBacklogDoesNotDelayAnotherTenant() {
		String hanging = connectedTenant();
		String healthy = connectedTenant();
		long hangingTickets = newTicketId() / 1000;
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + hangingTickets + "\\d{3}/notes")
			.times(10_000)
			.delay(Duration.ofSeconds(10)));
		for (int i = 0; i < 300; i++) {
			accept(hanging, note(hangingTickets * 1000 + i, "stuck " + i));
		}
		List<UUID> healthyIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			healthyIds.add(accept(healthy, note(newTicketId(), "healthy " + i)));
		}

		for (UUID id : healthyIds) {
			Map<String, Object> row = awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(20));
			Duration latency = Duration.between(((OffsetDateTime) row.get("created_at")).toInstant(),
					((OffsetDateTime) row.get("updated_at")).toInstant());
			// Behind 300 requests that each hang for the 2 s read timeout, a FIFO queue
			// with 4 slots
			// would take minutes to reach these.
			assertThat(latency).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void twoWorkersNeverDeliverARequestTwice() {
		try (ConfigurableApplicationContext second = startSecondWorker()) {
			assertThat(this.rabbitAdmin.getQueueInfo(RequestQueue.WORK_QUEUE).getConsumerCount())
				.isGreaterThanOrEqualTo(2);
			String tenant = connectedTenant();
			List<UUID> ids = new ArrayList<>();
			List<Long> tickets = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				long ticketId = newTicketId();
				tickets.add(ticketId);
				UUID id = accept(tenant, note(ticketId, "once " + i));
				// A second message for the same request, as after a relay republish.
				this.dispatcher
					.publish(new com.psabridge.model.queue.DeliveryRequested(id, tenant,
							com.psabridge.model.request.RequestKind.TICKET_NOTE))
					.block();
				ids.add(id);
			}
			for (UUID id : ids) {
				awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(30));
			}
			for (long ticketId : tickets) {
				assertThat(connectWise.notes(ticketId)).hasSize(1);
			}
			for (UUID id : ids) {
				assertThat(activity(id)).containsExactly("POST_NOTE:SUCCEEDED", "STATE_CHANGE:SUCCEEDED");
			}
		}
	}

	private ConfigurableApplicationContext startSecondWorker() {
		Map<String, Object> properties = new HashMap<>();
		for (String property : WorkerIntegrationTests.class.getAnnotation(SpringBootTest.class).properties()) {
			int equals = property.indexOf('=');
			properties.put(property.substring(0, equals), property.substring(equals + 1));
		}
		LocalServices.Endpoints services = LocalServices.require();
		properties.put("spring.r2dbc.url", "r2dbc:postgresql://" + services.postgresHost() + ":"
				+ services.postgresPort() + "/" + services.database());
		properties.put("spring.r2dbc.username", services.user());
		properties.put("spring.r2dbc.password", services.password());
		properties.put("spring.liquibase.enabled", "false");
		properties.put("spring.rabbitmq.host", services.rabbitHost());
		properties.put("spring.rabbitmq.port", services.rabbitPort());
		properties.put("spring.rabbitmq.username", services.rabbitUser());
		properties.put("spring.rabbitmq.password", services.rabbitPassword());
		properties.put("spring.rabbitmq.virtual-host", services.rabbitVirtualHost());
		// Command-line arguments, so they win over application.yml as the test's
		// properties do.
		String[] arguments = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).run(arguments);
	}

	private static TicketNote note(long ticketId, String text) {
		return new TicketNote(ticketId, text, NoteType.INTERNAL_ANALYSIS, NoteVisibility.INTERNAL, "u-42", null, null);
	}

}
