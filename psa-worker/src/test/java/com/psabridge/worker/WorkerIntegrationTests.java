package com.psabridge.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.queue.RequestDispatcher;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMapping.MatchedBy;
import com.psabridge.core.tenant.MemberMappingRepository;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.core.testing.LocalServices;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import com.psabridge.simulator.ConnectWiseSimulator;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * One worker context for every integration test, on the real PostgreSQL and RabbitMQ and
 * the ConnectWise simulator. Requests are accepted the way the gateway accepts them: a
 * row, then a published message.
 */
// Export metrics as in production (tests otherwise keep only a simple registry).
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "psa.credentials.key=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
				"psa.connectwise.client-id=11111111-2222-3333-4444-555555555555",
				"psa.connectwise.allow-insecure-http=true", "psa.connectwise.read-timeout=2s",
				"psa.retry.schedule=1s,1s,1s", "psa.retry.jitter=0", "psa.retry.relay-interval=200ms",
				"psa.retry.unpublished-grace=500ms", "psa.delivery.ticket-order-wait=300ms",
				"psa.site-protection.busy-delay=300ms",
				"resilience4j.circuitbreaker.configs.connectwise-site.wait-duration-in-open-state=2s",
				"resilience4j.ratelimiter.configs.connectwise-site.limit-for-period=100" })
public abstract class WorkerIntegrationTests {

	protected static final ConnectWiseSimulator connectWise = ConnectWiseSimulator.start(0);

	protected static final int JDOE = 151;

	static {
		connectWise.addMember(JDOE, "jdoe", "john.doe@example.com", false);
	}

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		LocalServices.register(registry);
	}

	@Autowired
	protected DatabaseClient db;

	@Autowired
	protected RequestDispatcher dispatcher;

	@Autowired
	protected ObjectMapper json;

	@Autowired
	private TenantConnectionRepository connections;

	@Autowired
	private MemberMappingRepository mappings;

	@AfterEach
	void clearFaults() {
		connectWise.reset();
	}

	/**
	 * A tenant connected to the simulator, with user {@code u-42} mapped to member jdoe.
	 */
	protected String connectedTenant() {
		String tenantId = "t-" + UUID.randomUUID();
		String companyId = "c" + ThreadLocalRandom.current().nextInt(1_000_000);
		connectWise.addCompany(companyId, "pub-" + companyId, "priv-" + companyId);
		this.connections
			.save(new TenantConnection(tenantId, connectWise.origin(), companyId, "pub-" + companyId,
					"priv-" + companyId, "v4_6_release", "psabridge", true))
			.block();
		this.mappings.save(tenantId, new MemberMapping("u-42", JDOE, "jdoe", MatchedBy.MANUAL)).block();
		return tenantId;
	}

	protected static long newTicketId() {
		return ThreadLocalRandom.current().nextLong(100_000, 1_000_000_000);
	}

	/** Stores and publishes a request as the gateway does. */
	protected UUID accept(String tenantId, TicketNote note) {
		return accept(tenantId, RequestKind.TICKET_NOTE, note.ticketId(), note, true);
	}

	protected UUID accept(String tenantId, TimeEntry entry) {
		return accept(tenantId, RequestKind.TIME_ENTRY, entry.ticketId(), entry, true);
	}

	/**
	 * Stores a request whose publish never happened, as when RabbitMQ was down at accept
	 * time.
	 */
	protected UUID acceptWithoutPublishing(String tenantId, TicketNote note) {
		return accept(tenantId, RequestKind.TICKET_NOTE, note.ticketId(), note, false);
	}

	private UUID accept(String tenantId, RequestKind kind, long ticketId, Object payload, boolean publish) {
		UUID id = UUID.randomUUID();
		String body;
		try {
			body = this.json.writeValueAsString(payload);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		this.db.sql("""
				insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, status)
				values (:id, :tenantId, :kind, :ticketId, md5(cast(:payload as text)), :payload, 'QUEUED')""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("kind", kind.name())
			.bind("ticketId", ticketId)
			.bind("payload", Json.of(body))
			.then()
			.block();
		if (publish) {
			this.dispatcher.dispatch(new DeliveryRequested(id, tenantId, kind)).block(Duration.ofSeconds(10));
		}
		return id;
	}

	protected Map<String, Object> awaitStatus(UUID requestId, RequestStatus status) {
		return awaitStatus(requestId, status, Duration.ofSeconds(15));
	}

	protected Map<String, Object> awaitStatus(UUID requestId, RequestStatus status, Duration atMost) {
		return await().atMost(atMost)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> request(requestId), (row) -> status.name().equals(row.get("status")));
	}

	protected Map<String, Object> request(UUID requestId) {
		return this.db.sql("select * from psa_request where id = :id").bind("id", requestId).fetch().one().block();
	}

	/** The activity log of a request, oldest first, as {@code action:outcome}. */
	protected List<String> activity(UUID requestId) {
		return this.db.sql("select action, outcome from psa_activity_log where request_id = :id order by id")
			.bind("id", requestId)
			.map((row) -> row.get("action", String.class) + ":" + row.get("outcome", String.class))
			.all()
			.collectList()
			.block();
	}

}
