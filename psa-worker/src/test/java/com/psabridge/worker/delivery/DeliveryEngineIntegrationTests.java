package com.psabridge.worker.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.psabridge.core.tenant.TenantPauses;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.Rounding;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import com.psabridge.simulator.Fault;
import com.psabridge.worker.WorkerIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery engine's rules (contract §2), each against the real database, broker and
 * the ConnectWise simulator.
 */
class DeliveryEngineIntegrationTests extends WorkerIntegrationTests {

	@Autowired
	private TenantPauses pauses;

	@Autowired
	private RabbitTemplate rabbit;

	@Test
	void retriesA503ThenA429AfterItsRetryAfterThenAResetAndPostsOneNote() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		String notes = ".*/service/tickets/" + ticketId + "/notes";
		connectWise.inject(Fault.on("POST", notes)
			.status(503, "{\"code\":\"ConnectWiseApi\",\"message\":\"down\"}", "application/json"));
		connectWise.inject(Fault.on("POST", notes).retryAfter(429, "3"));
		connectWise.inject(Fault.on("POST", notes).connectionReset());
		UUID id = accept(tenant, note(ticketId, "after three failures", null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(connectWise.notes(ticketId)).hasSize(1);
		assertThat(row.get("retry_count")).isEqualTo(3);
		List<Instant> posts = callTimes(id, "POST_NOTE");
		assertThat(posts).hasSize(4);
		assertThat(Duration.between(posts.get(1), posts.get(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		assertThat(activity(id)).containsSubsequence("POST_NOTE:TRANSIENT_FAILURE", "POST_NOTE:TRANSIENT_FAILURE",
				"POST_NOTE:TRANSIENT_FAILURE", "FIND_NOTE:NOT_FOUND", "POST_NOTE:SUCCEEDED", "STATE_CHANGE:SUCCEEDED");
	}

	@Test
	void noteStoredBeforeATimeoutIsAdoptedNotPostedAgain() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		connectWise.inject(
				Fault.on("POST", ".*/service/tickets/" + ticketId + "/notes").commitThenDelay(Duration.ofSeconds(4)));
		UUID id = accept(tenant, note(ticketId, "slow ConnectWise", null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(connectWise.notes(ticketId)).hasSize(1);
		assertThat(row.get("connectwise_id")).isEqualTo(connectWise.notes(ticketId).get(0).get("id").asLong());
		assertThat(activity(id)).containsExactly("POST_NOTE:TRANSIENT_FAILURE", "STATE_CHANGE:RETRY_SCHEDULED",
				"FIND_NOTE:FOUND_EXISTING", "STATE_CHANGE:SUCCEEDED");
	}

	@Test
	void noteWithStatusChangeRetriesOnlyTheStatusChange() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		connectWise.inject(Fault.on("PATCH", ".*/service/tickets/" + ticketId).status(503, "", "application/json"));
		UUID id = accept(tenant, note(ticketId, "resolved", 17));

		awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(15));

		assertThat(connectWise.notes(ticketId)).hasSize(1);
		assertThat(connectWise.ticketStatusId(ticketId)).isEqualTo(17);
		assertThat(activity(id)).containsExactly("POST_NOTE:SUCCEEDED", "PATCH_STATUS:TRANSIENT_FAILURE",
				"STATE_CHANGE:RETRY_SCHEDULED", "PATCH_STATUS:SUCCEEDED", "STATE_CHANGE:SUCCEEDED");
	}

	@Test
	void timeEntryStoredBeforeATimeoutIsAdoptedNotPostedAgain() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/time/entries").commitThenDelay(Duration.ofSeconds(4)));
		UUID id = accept(tenant, new TimeEntry(ticketId, "u-42", Instant.parse("2026-11-22T14:00:00Z"),
				Instant.parse("2026-11-22T14:37:00Z"), Rounding.QUARTER_HOUR, null, null, null, null));

		awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(connectWise.timeEntries()).filteredOn((e) -> e.get("chargeToId").asLong() == ticketId).hasSize(1);
		assertThat(activity(id)).contains("FIND_TIME_ENTRY:FOUND_EXISTING");
	}

	@Test
	void a400IsDeadLetteredAfterOneAttemptWithConnectWisesError() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + ticketId + "/notes")
			.status(400, "{\"code\":\"InvalidObject\",\"message\":\"serviceNote object is invalid\",\"errors\":"
					+ "[{\"code\":\"MaxLengthField\",\"message\":\"text is too long\",\"resource\":\"serviceNote\","
					+ "\"field\":\"text\"}]}", "application/json"));
		UUID id = accept(tenant, note(ticketId, "x", null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.DEAD_LETTERED);

		assertThat(callTimes(id, "POST_NOTE")).hasSize(1);
		assertThat(row.get("retry_count")).isEqualTo(0);
		assertThat(row.get("last_error").toString()).contains("InvalidObject").contains("text is too long");
	}

	@Test
	void a403PausesTheTenantWithoutBurningRetriesUntilItResumes() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		long otherTicket = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + ticketId + "/notes").securityError());
		UUID denied = accept(tenant, note(ticketId, "first", null));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.pauses.reason(tenant).blockOptional().isPresent());
		Map<String, Object> parked = request(denied);
		assertThat(parked.get("status")).isEqualTo("RETRY_SCHEDULED");
		assertThat(parked.get("next_retry_at")).isNull();
		assertThat(parked.get("retry_count")).isEqualTo(0);
		assertThat(parked.get("last_error").toString()).contains("403").contains("Security");
		assertThat(this.pauses.reason(tenant).block()).contains("403");

		UUID later = accept(tenant, note(otherTicket, "second", null));
		await().atMost(Duration.ofSeconds(10)).until(() -> "RETRY_SCHEDULED".equals(request(later).get("status")));
		assertThat(callTimes(later, "POST_NOTE")).isEmpty();

		this.pauses.resume(tenant).block();

		awaitStatus(denied, RequestStatus.SUCCEEDED);
		awaitStatus(later, RequestStatus.SUCCEEDED);
		assertThat(callTimes(denied, "POST_NOTE")).hasSize(2);
		assertThat(request(denied).get("retry_count")).isEqualTo(0);
	}

	@Test
	void exhaustedRetriesAreDeadLettered() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + ticketId + "/notes")
			.times(10)
			.status(502, "<html>Bad gateway</html>", "text/html"));
		UUID id = accept(tenant, note(ticketId, "x", null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.DEAD_LETTERED, Duration.ofSeconds(20));

		assertThat(row.get("retry_count")).isEqualTo(3);
		assertThat(callTimes(id, "POST_NOTE")).hasSize(4);
		assertThat(row.get("last_error").toString()).contains("Retries exhausted");
	}

	@Test
	void laterRequestForATicketWaitsForAnEarlierOneThatIsRetrying() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		connectWise
			.inject(Fault.on("POST", ".*/service/tickets/" + ticketId + "/notes").status(503, "", "application/json"));
		UUID first = accept(tenant, note(ticketId, "first", null));
		UUID second = accept(tenant, note(ticketId, "second", 17));

		awaitStatus(first, RequestStatus.SUCCEEDED, Duration.ofSeconds(15));
		awaitStatus(second, RequestStatus.SUCCEEDED, Duration.ofSeconds(15));

		assertThat(connectWise.notes(ticketId)).extracting((n) -> n.get("text").asText())
			.containsExactly("first", "second");
		assertThat(callTimes(second, "POST_NOTE").get(0)).isAfter(callTimes(first, "POST_NOTE").get(1));
	}

	@Test
	void unknownRequestIdAndUnreadableMessagesGoToTheDeadQueue() {
		UUID unknown = UUID.randomUUID();
		this.dispatcher.publish(new DeliveryRequested(unknown, "nobody", RequestKind.TICKET_NOTE)).block();
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		String marker = "not json " + UUID.randomUUID();
		this.rabbit.send(RequestQueue.EXCHANGE, RequestQueue.WORK_QUEUE,
				new Message(marker.getBytes(StandardCharsets.UTF_8), properties));

		List<String> dead = new ArrayList<>();
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			// The dead queue may hold older dead letters too: read all there is each
			// time.
			Message message;
			while ((message = this.rabbit.receive(RequestQueue.DEAD_QUEUE, 200)) != null) {
				dead.add(new String(message.getBody(), StandardCharsets.UTF_8));
			}
			return dead.stream().anyMatch((body) -> body.contains(unknown.toString()))
					&& dead.stream().anyMatch((body) -> body.contains(marker));
		});
	}

	@Test
	void deliveriesPutOffByTheTenantsLimitsDoNotBurnRetries() {
		String tenant = connectedTenant();
		List<UUID> ids = new ArrayList<>();
		List<Long> tickets = new ArrayList<>();
		connectWise.setLatency(Duration.ofMillis(300));
		for (int i = 0; i < 12; i++) {
			long ticketId = newTicketId();
			tickets.add(ticketId);
			ids.add(accept(tenant, note(ticketId, "busy " + i, null)));
		}

		for (UUID id : ids) {
			Map<String, Object> row = awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(20));
			assertThat(row.get("retry_count")).isEqualTo(0);
		}
		for (long ticketId : tickets) {
			assertThat(connectWise.notes(ticketId)).hasSize(1);
		}
	}

	@Test
	void openCircuitPutsOffATenantsDeliveriesAndAProbeClosesIt() {
		String tenant = connectedTenant();
		List<UUID> ids = new ArrayList<>();
		long base = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + base / 10 + "\\d/notes")
			.times(5)
			.status(503, "", "application/json"));
		for (int i = 0; i < 10; i++) {
			ids.add(accept(tenant, note(base / 10 * 10 + i, "breaker " + i, null)));
		}

		for (UUID id : ids) {
			awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(30));
		}
		long failedPosts = ids.stream()
			.flatMap((id) -> activity(id).stream())
			.filter("POST_NOTE:TRANSIENT_FAILURE"::equals)
			.count();
		assertThat(failedPosts).isEqualTo(5);
		assertThat(connectWise.calls()).anyMatch((call) -> call.path().endsWith("/system/info"));
		assertThat(ids.stream().mapToInt((id) -> (Integer) request(id).get("retry_count")).max().getAsInt())
			.isLessThanOrEqualTo(1);
	}

	@Test
	void aFailedProbePutsTheRequestOffWithoutBurningARetry() {
		String tenant = connectedTenant();
		List<UUID> ids = new ArrayList<>();
		long base = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + base / 10 + "\\d/notes")
			.times(5)
			.status(503, "", "application/json"));
		connectWise.inject(Fault.on("GET", ".*/system/info").times(1).status(503, "", "application/json"));
		for (int i = 0; i < 10; i++) {
			ids.add(accept(tenant, note(base / 10 * 10 + i, "probe " + i, null)));
		}

		for (UUID id : ids) {
			awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(40));
		}
		UUID probed = ids.stream()
			.filter((id) -> activity(id).contains("PROBE_SYSTEM_INFO:TRANSIENT_FAILURE"))
			.findFirst()
			.orElseThrow();
		long failedWrites = activity(probed).stream().filter("POST_NOTE:TRANSIENT_FAILURE"::equals).count();
		assertThat(request(probed).get("retry_count")).isEqualTo((int) failedWrites);
		assertThat(ids).anyMatch((id) -> activity(id).contains("PROBE_SYSTEM_INFO:SUCCEEDED"));
	}

	private static TicketNote note(long ticketId, String text, Integer statusId) {
		return new TicketNote(ticketId, text, NoteType.INTERNAL_ANALYSIS, NoteVisibility.INTERNAL, "u-42", statusId,
				null);
	}

	private List<Instant> callTimes(UUID requestId, String action) {
		return this.db
			.sql("select created_at from psa_activity_log where request_id = :id and action = :action order by id")
			.bind("id", requestId)
			.bind("action", action)
			.map((row) -> row.get("created_at", OffsetDateTime.class).toInstant())
			.all()
			.collectList()
			.block();
	}

}
