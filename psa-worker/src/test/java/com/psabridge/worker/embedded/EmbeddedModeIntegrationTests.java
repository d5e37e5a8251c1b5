package com.psabridge.worker.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.embedded.EmbeddedServices;
import com.psabridge.core.queue.RequestDispatcher;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMapping.MatchedBy;
import com.psabridge.core.tenant.MemberMappingRepository;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.TicketNote;
import com.psabridge.simulator.ConnectWiseSimulator;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bare-machine mode: the worker on the embedded PostgreSQL and the embedded Qpid
 * broker ({@code psa.queue.broker=qpid}), delivering to the ConnectWise simulator, with
 * structured (ECS JSON) logs that carry the request and tenant ids.
 */
// Export metrics as in production (tests otherwise keep only a simple registry).
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "psa.credentials.key=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
				"psa.connectwise.client-id=11111111-2222-3333-4444-555555555555",
				"psa.connectwise.allow-insecure-http=true", "psa.queue.broker=qpid", "psa.retry.relay-interval=200ms",
				"logging.structured.format.console=ecs", "logging.level.com.psabridge.core.connectwise=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedModeIntegrationTests {

	private static final ConnectWiseSimulator connectWise = ConnectWiseSimulator.start(0);

	private static final EmbeddedServices embedded = start();

	@Autowired
	private DatabaseClient db;

	@Autowired
	private RequestDispatcher dispatcher;

	@Autowired
	private TenantConnectionRepository connections;

	@Autowired
	private MemberMappingRepository mappings;

	@Autowired
	private RabbitTemplate rabbit;

	@Autowired
	private ObjectMapper json;

	@LocalServerPort
	private int port;

	private static EmbeddedServices start() {
		try {
			return EmbeddedServices.start(0, 0, null);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The embedded PostgreSQL and Qpid did not start", ex);
		}
	}

	@DynamicPropertySource
	static void embeddedServices(DynamicPropertyRegistry registry) {
		String database = "127.0.0.1:" + embedded.postgresPort() + "/postgres";
		registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + database);
		registry.add("spring.r2dbc.username", () -> "postgres");
		registry.add("spring.r2dbc.password", () -> "");
		registry.add("spring.liquibase.url", () -> "jdbc:postgresql://" + database);
		registry.add("spring.liquibase.user", () -> "postgres");
		registry.add("spring.liquibase.password", () -> "");
		registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
		registry.add("spring.rabbitmq.port", embedded::brokerPort);
		registry.add("spring.rabbitmq.username", () -> "guest");
		registry.add("spring.rabbitmq.password", () -> "guest");
	}

	@AfterAll
	static void stop() throws Exception {
		connectWise.close();
		embedded.close();
	}

	@Test
	void deliversANoteToConnectWiseWithTheIdsInEveryLogLine(CapturedOutput output) throws Exception {
		String tenant = "embedded-" + UUID.randomUUID();
		connectWise.addCompany("embedded", "pub-embedded", "priv-embedded-secret");
		connectWise.addMember(151, "jdoe", "john.doe@example.com", false);
		this.connections
			.save(new TenantConnection(tenant, connectWise.origin(), "embedded", "pub-embedded", "priv-embedded-secret",
					"v4_6_release", "psabridge", true))
			.block();
		this.mappings.save(tenant, new MemberMapping("u-42", 151, "jdoe", MatchedBy.MANUAL)).block();
		long ticketId = 4242;
		TicketNote note = new TicketNote(ticketId, "Delivered through Qpid", NoteType.INTERNAL_ANALYSIS,
				NoteVisibility.INTERNAL, "u-42", null, null);
		UUID id = UUID.randomUUID();
		this.db.sql("""
				insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, status)
				values (:id, :tenant, 'TICKET_NOTE', :ticketId, 'x', :payload, 'QUEUED')""")
			.bind("id", id)
			.bind("tenant", tenant)
			.bind("ticketId", ticketId)
			.bind("payload", Json.of(this.json.writeValueAsString(note)))
			.then()
			.block();
		this.dispatcher.dispatch(new DeliveryRequested(id, tenant, RequestKind.TICKET_NOTE))
			.block(Duration.ofSeconds(10));

		await().atMost(Duration.ofSeconds(20)).until(() -> status(id), "SUCCEEDED"::equals);

		assertThat(connectWise.notes(ticketId)).extracting((stored) -> stored.get("text").asText())
			.contains("Delivered through Qpid");
		String callLog = output.getOut()
			.lines()
			.filter((line) -> line.contains("ConnectWise POST") && line.contains(tenant))
			.findFirst()
			.orElseThrow();
		Map<?, ?> fields = this.json.readValue(callLog, Map.class);
		assertThat(fields.get("requestId")).isEqualTo(id.toString());
		assertThat(fields.get("tenantId")).isEqualTo(tenant);
		assertThat(output.getAll()).doesNotContain("priv-embedded-secret");
	}

	@Test
	void deadLettersAnUnreadableMessageThroughTheAlternateExchange() {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		String marker = "not json " + UUID.randomUUID();
		this.rabbit.send(RequestQueue.EXCHANGE, RequestQueue.WORK_QUEUE, new Message(marker.getBytes(), properties));

		Message dead = this.rabbit.receive(RequestQueue.DEAD_QUEUE, 15_000);

		assertThat(dead).isNotNull();
		assertThat(new String(dead.getBody())).isEqualTo(marker);
	}

	@Test
	void servesPrometheusMetricsOverHttp() {
		String scrape = WebClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		assertThat(scrape).contains("psa_requests_backlog{").contains("psa_requests_oldest_due_age_seconds");
	}

	private String status(UUID id) {
		return this.db.sql("select status from psa_request where id = :id")
			.bind("id", id)
			.map((row) -> row.get("status", String.class))
			.one()
			.block();
	}

}
