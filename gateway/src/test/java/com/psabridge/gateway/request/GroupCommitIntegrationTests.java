package com.psabridge.gateway.request;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.psabridge.gateway.GatewayIntegrationTests;
import com.psabridge.gateway.problem.Problems;
import com.psabridge.model.request.RequestKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit on the real PostgreSQL. A deferred constraint trigger on test tenants
 * makes a commit slow ({@code slow-commit-*}: the statement is done, the commit takes
 * {@value #SLOW_COMMIT_MS} ms) or fail ({@code failed-commit-*}: serialization failure at
 * commit), so a test can hold every statement slot while it queues a batch, and can tell
 * an answer given after the commit from one given after the statement.
 */
class GroupCommitIntegrationTests extends GatewayIntegrationTests {

	private static final long SLOW_COMMIT_MS = 400;

	@Autowired
	private RequestIntake intake;

	@Autowired
	private GroupCommit inserts;

	@Autowired
	private IngestProperties properties;

	@Value("${spring.liquibase.url}")
	private String jdbcUrl;

	@Value("${spring.liquibase.user}")
	private String jdbcUser;

	@Value("${spring.liquibase.password:}")
	private String jdbcPassword;

	@BeforeEach
	void commitTrigger() {
		this.db.sql("""
				create or replace function group_commit_test_commit() returns trigger language plpgsql as $$
				begin
				    if new.tenant_id like 'failed-commit-%' then
				        raise exception 'refused at commit' using errcode = '40001';
				    end if;
				    perform pg_sleep(:seconds);
				    return null;
				end $$""".replace(":seconds", Double.toString(SLOW_COMMIT_MS / 1000.0))).then().block();
		this.db.sql("drop trigger if exists group_commit_test_commit on psa_request").then().block();
		this.db.sql("""
				create constraint trigger group_commit_test_commit after insert on psa_request
				deferrable initially deferred for each row
				when (new.tenant_id like 'slow-commit-%' or new.tenant_id like 'failed-commit-%')
				execute function group_commit_test_commit()""").then().block();
	}

	@AfterEach
	void dropCommitTrigger() {
		this.db.sql("drop trigger if exists group_commit_test_commit on psa_request").then().block();
		this.db.sql("drop function if exists group_commit_test_commit()").then().block();
	}

	@Test
	void answers202OnlyOnceTheRowIsCommitted() throws Exception {
		String tenantId = "slow-commit-" + UUID.randomUUID();
		long started = System.nanoTime();
		Map<String, Object> answer = postNote(ADMIN_KEY, tenantId, note(newTicketId())).expectStatus()
			.isAccepted()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		// Read at once, on a connection of its own: it sees only committed rows.
		assertThat(committedRequests(tenantId)).isEqualTo(1);
		assertThat(UUID.fromString((String) answer.get("requestId"))).isNotNull();
		assertThat(elapsedMs).isGreaterThanOrEqualTo(SLOW_COMMIT_MS);
	}

	@Test
	void answers503AndStoresNothingWhenTheCommitFails() throws Exception {
		String tenantId = "failed-commit-" + UUID.randomUUID();
		postNote(ADMIN_KEY, tenantId, note(newTicketId())).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:psa-bridge:problem:unavailable");
		assertThat(committedRequests(tenantId)).isZero();
	}

	@Test
	void startsTheStatementOfALoneRequestAtOnce() {
		long before = this.inserts.statements();
		CompletableFuture<UUID> stored = this.inserts.insert(newRequest(newTenant(), null, "{}")).toFuture();
		// Started while subscribing: no timer, no waiting for company.
		assertThat(this.inserts.statements()).isEqualTo(before + 1);
		assertThat(stored.orTimeout(10, TimeUnit.SECONDS).join()).isNotNull();
	}

	@Test
	void storesRequestsArrivingWhileStatementsRunInOneStatementWithIdempotencyWithinIt() throws Exception {
		String tenantId = newTenant();
		String conflicting = "key-" + UUID.randomUUID();
		Acceptance earlier = accept(tenantId, conflicting, shortNote(1)).join();
		List<CompletableFuture<Acceptance>> holders = holdEveryStatementSlot();
		long before = this.inserts.statements();

		String repeated = "key-" + UUID.randomUUID();
		CompletableFuture<Acceptance> first = accept(tenantId, repeated, shortNote(2));
		CompletableFuture<Acceptance> again = accept(tenantId, repeated, shortNote(2));
		CompletableFuture<Acceptance> otherBody = accept(tenantId, repeated, shortNote(3));
		CompletableFuture<Acceptance> reusedKey = accept(tenantId, conflicting, shortNote(4));
		CompletableFuture<Acceptance> withoutKey = accept(tenantId, null, shortNote(5));
		// Queued, not started: every slot is still held by a slow commit.
		assertThat(this.inserts.statements()).isEqualTo(before);
		holders.forEach(CompletableFuture::join);

		assertThat(first.join().failure()).isNull();
		assertThat(first.join().acceptance().replayed()).isFalse();
		assertThat(again.join().acceptance()).isEqualTo(new RequestIntake.Acceptance(
				first.join().acceptance().requestId(), first.join().acceptance().reference(), true));
		assertThat(otherBody.join().status()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.value());
		assertThat(reusedKey.join().status()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.value());
		assertThat(withoutKey.join().acceptance().replayed()).isFalse();
		assertThat(earlier.acceptance().replayed()).isFalse();
		assertThat(this.inserts.statements()).isEqualTo(before + 1);
		assertThat(committedRequests(tenantId)).isEqualTo(3);
	}

	@Test
	void answersEveryRequestOfABatchOnlyAfterItsCommit() throws Exception {
		String tenantId = newTenant();
		List<CompletableFuture<Acceptance>> holders = holdEveryStatementSlot();
		CompletableFuture<Acceptance> quick = accept(tenantId, null, shortNote(1));
		CompletableFuture<Acceptance> slow = accept("slow-commit-" + UUID.randomUUID(), null, shortNote(2));
		holders.forEach(CompletableFuture::join);
		long started = System.nanoTime();
		// The first of the batch waits for the commit its slow neighbour makes slow.
		UUID quickId = quick.join().acceptance().requestId();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
			.isGreaterThanOrEqualTo(SLOW_COMMIT_MS / 2);
		assertThat(committedRequests(tenantId)).isEqualTo(1);
		assertThat(slow.join().acceptance()).isNotNull();
		assertThat(quickId).isNotNull();
	}

	@Test
	void retriesAFailedBatchRequestByRequestSoOneBadRowFailsOnlyItself() {
		String tenantId = newTenant();
		List<CompletableFuture<Acceptance>> holders = holdEveryStatementSlot();
		long before = this.inserts.statements();
		CompletableFuture<UUID> good = this.inserts.insert(newRequest(tenantId, null, "{}")).toFuture();
		CompletableFuture<UUID> bad = this.inserts.insert(newRequest(tenantId, null, "not json")).toFuture();
		CompletableFuture<UUID> alsoGood = this.inserts.insert(newRequest(tenantId, "k", "{}")).toFuture();
		holders.forEach(CompletableFuture::join);

		assertThat(good.join()).isNotNull();
		assertThat(alsoGood.join()).isNotNull();
		assertThat(bad).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.satisfies((ex) -> assertThat(Problems.isDatabaseUnavailable(ex)).isFalse());
		// The batch, then each of its three alone.
		assertThat(this.inserts.statements()).isEqualTo(before + 4);
	}

	@Test
	void failsTheWholeBatchWithoutStoringAnythingWhenItsCommitFails() throws Exception {
		String tenantId = newTenant();
		String failing = "failed-commit-" + UUID.randomUUID();
		List<CompletableFuture<Acceptance>> holders = holdEveryStatementSlot();
		CompletableFuture<Acceptance> neighbour = accept(tenantId, null, shortNote(1));
		CompletableFuture<Acceptance> refused = accept(failing, null, shortNote(2));
		holders.forEach(CompletableFuture::join);

		// Nothing of the batch is stored, so every caller may retry: 503s, not 500s.
		assertThat(neighbour.join().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
		assertThat(refused.join().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
		assertThat(committedRequests(tenantId)).isZero();
		assertThat(committedRequests(failing)).isZero();
	}

	/**
	 * One slow-commit request per statement slot, so what is accepted next waits for the
	 * next statement.
	 */
	private List<CompletableFuture<Acceptance>> holdEveryStatementSlot() {
		long before = this.inserts.statements();
		List<CompletableFuture<Acceptance>> holders = new ArrayList<>();
		for (int i = 0; i < this.properties.statements(); i++) {
			holders.add(accept("slow-commit-" + UUID.randomUUID(), null, shortNote(i)));
		}
		assertThat(this.inserts.statements()).isEqualTo(before + this.properties.statements());
		return holders;
	}

	private CompletableFuture<Acceptance> accept(String tenantId, String idempotencyKey, Map<String, Object> note) {
		return this.intake
			.accept(tenantId, idempotencyKey, RequestKind.TICKET_NOTE, (Long) note.get("ticketId"), null, note)
			.map((acceptance) -> new Acceptance(acceptance, null))
			.onErrorResume((ex) -> Mono.just(new Acceptance(null, ex)))
			.toFuture()
			.orTimeout(20, TimeUnit.SECONDS);
	}

	private static Map<String, Object> shortNote(long ticketId) {
		return Map.of("ticketId", ticketId, "text", "Note " + ticketId);
	}

	private static RequestStore.NewRequest newRequest(String tenantId, String idempotencyKey, String payload) {
		return new RequestStore.NewRequest(UUID.randomUUID(), tenantId, RequestKind.TICKET_NOTE, 1, idempotencyKey,
				"0".repeat(64), payload, null);
	}

	/** Rows of the tenant as a connection of its own sees them: committed ones only. */
	private long committedRequests(String tenantId) throws Exception {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.jdbcUser, this.jdbcPassword);
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from psa_request where tenant_id = ?")) {
			statement.setString(1, tenantId);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	/** What accepting answered: an acceptance, or the failure's HTTP status. */
	private record Acceptance(RequestIntake.Acceptance acceptance, Throwable failure) {

		int status() {
			if (this.failure instanceof ErrorResponseException problem) {
				return problem.getStatusCode().value();
			}
			return (this.failure != null && Problems.isDatabaseUnavailable(this.failure)) ? 503 : 500;
		}

	}

}
