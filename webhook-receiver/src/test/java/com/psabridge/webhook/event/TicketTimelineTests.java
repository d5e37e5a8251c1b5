package com.psabridge.webhook.event;

import java.time.Instant;
import java.util.UUID;

import com.psabridge.model.event.TicketAction;
import com.psabridge.model.event.TicketReference;
import com.psabridge.model.event.TicketSnapshot;
import com.psabridge.webhook.connectwise.TicketState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TicketTimelineTests {

	private static final Instant T1 = Instant.parse("2026-11-22T14:00:00Z");

	private static final Instant T2 = Instant.parse("2026-11-22T14:05:00Z");

	private static final Instant RECEIVED = Instant.parse("2026-11-22T14:06:00.500Z");

	private static TicketSnapshot ticket(String summary, long statusId) {
		return new TicketSnapshot(summary, new TicketReference(1L, null, "Service"),
				new TicketReference(statusId, null, "Status " + statusId), null, null, null,
				new TicketReference(4L, null, "Normal"), new TicketReference(250L, "Acme", "Acme Corp"), null, null,
				null);
	}

	private static TicketCallback callback(TicketAction action, TicketSnapshot ticket, Instant lastUpdated) {
		return new TicketCallback(UUID.randomUUID(), "acme", 7, action,
				(ticket != null) ? new TicketState(ticket, lastUpdated) : null, "jdoe", false, RECEIVED);
	}

	@Test
	void anUpdateListsTheFieldsThatDifferFromTheSnapshot() {
		PriorTicket prior = new PriorTicket(T1, false, ticket("Printer offline", 1));
		TicketDecision decision = TicketTimeline
			.decide(callback(TicketAction.UPDATED, ticket("Printer offline again", 17), T2), prior);
		assertThat(decision.event().changedFields()).containsExactly("summary", "status");
		assertThat(decision.event().occurredAt()).isEqualTo(T2);
		assertThat(decision.snapshot().lastUpdated()).isEqualTo(T2);
	}

	@Test
	void anUpdateOlderThanTheSnapshotEmitsNothingAndKeepsTheSnapshot() {
		PriorTicket prior = new PriorTicket(T2, false, ticket("newer", 17));
		TicketDecision decision = TicketTimeline.decide(callback(TicketAction.UPDATED, ticket("older", 1), T1), prior);
		assertThat(decision.emits()).isFalse();
		assertThat(decision.reason()).contains("out of order");
		assertThat(decision.snapshot()).isNull();
	}

	@Test
	void anUpdateAtTheSameSecondIsNotOlder() {
		PriorTicket prior = new PriorTicket(T1, false, ticket("a", 1));
		TicketDecision decision = TicketTimeline.decide(callback(TicketAction.UPDATED, ticket("a", 2), T1), prior);
		assertThat(decision.event().changedFields()).containsExactly("status");
	}

	@Test
	void anUpdateOfATicketNeverSeenListsEveryFieldWithAValue() {
		TicketDecision decision = TicketTimeline.decide(callback(TicketAction.UPDATED, ticket("a", 1), T1), null);
		assertThat(decision.event().changedFields()).containsExactly("summary", "board", "status", "priority",
				"company");
	}

	@Test
	void aLateAdditionIsEmittedButDoesNotOverwriteANewerSnapshot() {
		PriorTicket prior = new PriorTicket(T2, false, ticket("newer", 17));
		TicketDecision decision = TicketTimeline.decide(callback(TicketAction.ADDED, ticket("first", 1), T1), prior);
		assertThat(decision.event().action()).isEqualTo(TicketAction.ADDED);
		assertThat(decision.event().ticket().summary()).isEqualTo("first");
		assertThat(decision.snapshot()).isNull();
	}

	@Test
	void aDeletionCarriesTheLastStateSeenAndMarksTheSnapshotDeleted() {
		PriorTicket prior = new PriorTicket(T1, false, ticket("last", 5));
		TicketDecision decision = TicketTimeline.decide(callback(TicketAction.DELETED, null, null), prior);
		assertThat(decision.event().action()).isEqualTo(TicketAction.DELETED);
		assertThat(decision.event().ticket().summary()).isEqualTo("last");
		assertThat(decision.event().changedFields()).isEmpty();
		assertThat(decision.event().occurredAt()).isEqualTo(RECEIVED);
		assertThat(decision.snapshot().deleted()).isTrue();
	}

	@Test
	void aDeletionOfATicketNeverSeenHasNoTicket() {
		TicketDecision decision = TicketTimeline.decide(callback(TicketAction.DELETED, null, null), null);
		assertThat(decision.event().ticket()).isNull();
	}

	@Test
	void nothingIsEmittedForADeletedTicket() {
		PriorTicket deleted = new PriorTicket(T1, true, ticket("gone", 5));
		assertThat(TicketTimeline.decide(callback(TicketAction.UPDATED, ticket("x", 1), T2), deleted).emits())
			.isFalse();
		assertThat(TicketTimeline.decide(callback(TicketAction.DELETED, null, null), deleted).emits()).isFalse();
	}

	@Test
	void theInitialDescriptionIsCarriedFromTheSnapshotAndIsNoChange() {
		TicketSnapshot described = new TicketSnapshot("a", null, null, null, null, null, null, null, null, null,
				"The printer is offline.");
		PriorTicket prior = new PriorTicket(T1, false, described);
		TicketSnapshot withoutDescription = new TicketSnapshot("b", null, null, null, null, null, null, null, null,
				null, null);
		TicketDecision decision = TicketTimeline.decide(callback(TicketAction.UPDATED, withoutDescription, T2), prior);
		assertThat(decision.event().ticket().initialDescription()).isEqualTo("The printer is offline.");
		assertThat(decision.event().changedFields()).containsExactly("summary");
	}

}
