package com.psabridge.webhook.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.webhook.signature.ContentSignature;
import com.psabridge.webhook.testing.CallbackIntegrationTest;
import com.psabridge.webhook.testing.TicketEventCollector.Received;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries of the shortcuts the intake takes for speed: the tenant cache (a revoked
 * token, the end of a rotation grace and a changed connection take effect within its TTL,
 * 1 s here), the duplicate found by the insert itself, and the ticket lock taken by the
 * snapshot row (or, for a ticket never seen, an advisory lock).
 */
class CallbackIntakeBoundariesIntegrationTests extends CallbackIntegrationTest {

	private static final Instant T1 = at("2026-11-22T14:00:00Z");

	/** The TTL plus room for a slow, shared machine. */
	private static final Duration WITHIN_TTL = Duration.ofSeconds(3);

	private static long newTicketId() {
		return 5_000_000 + (long) (Math.random() * 1_000_000_000);
	}

	@Test
	void refusesARevokedTokenWithinTheCacheTtl() {
		Tenant tenant = newTenant(false);
		post(tenant, deleted(tenant, UUID.randomUUID().toString())).expectStatus().isOk();
		this.tokens.revoke(tenant.id()).block(Duration.ofSeconds(5));
		Awaitility.await()
			.atMost(WITHIN_TTL)
			.untilAsserted(
					() -> post(tenant, deleted(tenant, UUID.randomUUID().toString())).expectStatus().isUnauthorized());
		String refused = UUID.randomUUID().toString();
		post(tenant, deleted(tenant, refused)).expectStatus().isUnauthorized();
		assertThat(inboxRow(refused)).isNull();
	}

	@Test
	void honoursARememberedTokenThroughItsRotationGraceAndRefusesItAfter() throws InterruptedException {
		Tenant tenant = newTenant(false);
		post(tenant, deleted(tenant, UUID.randomUUID().toString())).expectStatus().isOk();
		Tenant rotated = new Tenant(tenant.id(), this.tokens.rotate(tenant.id(), Duration.ofMinutes(5)).block(),
				tenant.companyId());
		// Past the cache's TTL the database answers: the old token is still in its grace.
		Thread.sleep(1500);
		post(tenant, deleted(tenant, UUID.randomUUID().toString())).expectStatus().isOk();
		post(rotated, deleted(tenant, UUID.randomUUID().toString())).expectStatus().isOk();
		this.tokens.rotate(tenant.id(), Duration.ZERO).block();
		Awaitility.await()
			.atMost(WITHIN_TTL)
			.untilAsserted(
					() -> post(tenant, deleted(tenant, UUID.randomUUID().toString())).expectStatus().isUnauthorized());
		Awaitility.await()
			.atMost(WITHIN_TTL)
			.untilAsserted(
					() -> post(rotated, deleted(tenant, UUID.randomUUID().toString())).expectStatus().isUnauthorized());
	}

	@Test
	void takesAChangedOrRemovedConnectionIntoAccountWithinTheCacheTtl() {
		Tenant tenant = newTenant(false);
		post(tenant, deleted(tenant, UUID.randomUUID().toString()), null).expectStatus().isOk();
		this.connections.findByTenantId(tenant.id())
			.map((connection) -> new com.psabridge.core.tenant.TenantConnection(connection.tenantId(),
					connection.site(), connection.companyId(), connection.publicKey(), connection.privateKey(),
					connection.codebase(), connection.apiMemberIdentifier(), true))
			.flatMap(this.connections::save)
			.block(Duration.ofSeconds(5));
		Awaitility.await()
			.atMost(WITHIN_TTL)
			.untilAsserted(() -> post(tenant, deleted(tenant, UUID.randomUUID().toString()), null).expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("urn:psa-bridge:problem:signature-rejected"));
		post(tenant, deleted(tenant, UUID.randomUUID().toString())).expectStatus().isOk();
		this.connections.delete(tenant.id()).block(Duration.ofSeconds(5));
		Awaitility.await()
			.atMost(WITHIN_TTL)
			.untilAsserted(() -> post(tenant, deleted(tenant, UUID.randomUUID().toString())).expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("urn:psa-bridge:problem:unauthorized"));
	}

	@Test
	void storesAndEmitsANewTicketsFirstCallbackOnceWhenItArrivesEightTimesAtOnce() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		String messageId = UUID.randomUUID().toString();
		// No initial description in the entity: the ticket is new, so it is read first.
		byte[] body = ticketCallback(tenant, messageId, "added", ticketId, "jdoe",
				ticketEntity(ticketId, "Eight times", 1, T1));
		List<String> outcomes = Flux.range(0, 8).flatMap((i) -> send(tenant, body), 8).collectList().block();
		assertThat(outcomes).hasSize(8).containsOnlyOnce("PUBLISHED").containsOnly("PUBLISHED", "DUPLICATE");
		events.await(tenant.id(), 1);
		events.assertStaysAt(tenant.id(), 1);
		assertThat(inboxRow(messageId)).containsEntry("outcome", "EVENT");
		assertThat(inboxRow(messageId).get("published_at")).isNotNull();
		assertThat(snapshotSummary(tenant, ticketId)).isEqualTo("Eight times");
	}

	@Test
	void publishesUpdatesOfOneTicketInTheOrderOfTheirLastUpdatedAndNeverAnOlderOneAfterANewerOne() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		List<Integer> minutes = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			minutes.add(i);
		}
		Collections.shuffle(minutes, new Random(11));
		List<String> outcomes = Flux.fromIterable(minutes)
			.flatMap((minute) -> send(tenant,
					ticketCallback(tenant, UUID.randomUUID().toString(), "updated", ticketId, "jdoe",
							ticketEntity(ticketId, "Minute " + minute, minute + 1, T1.plusSeconds(60L * minute)))),
					30)
			.collectList()
			.block();
		assertThat(outcomes).hasSize(30).containsOnly("PUBLISHED", "STALE");
		int published = (int) outcomes.stream().filter("PUBLISHED"::equals).count();
		List<Received> emitted = events.await(tenant.id(), published);
		events.assertStaysAt(tenant.id(), published);
		List<Instant> occurred = emitted.stream()
			.map((event) -> Instant.parse(event.body().get("occurredAt").asText()))
			.toList();
		assertThat(occurred).isSorted().doesNotHaveDuplicates().last().isEqualTo(T1.plusSeconds(60L * 29));
		assertThat(snapshotSummary(tenant, ticketId)).isEqualTo("Minute 29");
	}

	private byte[] deleted(Tenant tenant, String messageId) {
		return ticketCallback(tenant, messageId, "deleted", newTicketId(), "jdoe", null);
	}

	private Mono<String> send(Tenant tenant, byte[] body) {
		return client().post()
			.uri(tenant.path())
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-content-signature", ContentSignature.sign(SIGNING_KEY, body))
			.bodyValue(body)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.map((answer) -> answer.get("outcome").asText());
	}

	private String snapshotSummary(Tenant tenant, long ticketId) {
		return this.db.sql("""
				select snapshot->>'summary' as summary from psa_ticket_snapshot
				where tenant_id = :tenantId and ticket_id = :ticketId""")
			.bind("tenantId", tenant.id())
			.bind("ticketId", ticketId)
			.map((row) -> row.get("summary", String.class))
			.one()
			.block(Duration.ofSeconds(5));
	}

}
