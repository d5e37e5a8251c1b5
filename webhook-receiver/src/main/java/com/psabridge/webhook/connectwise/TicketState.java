package com.psabridge.webhook.connectwise;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.model.event.TicketReference;
import com.psabridge.model.event.TicketSnapshot;

/**
 * A ConnectWise service ticket as far as the event needs it: its normalised fields and
 * {@code _info.lastUpdated}.
 *
 * @param ticket the normalised fields
 * @param lastUpdated when ConnectWise last saved the ticket, or null when not given
 */
public record TicketState(TicketSnapshot ticket, Instant lastUpdated) {

	/**
	 * Fields every ConnectWise service ticket has: when one is missing, the entity is
	 * partial and the ticket is read. The others (type, owner, contact...) are
	 * legitimately absent when unset; ConnectWise never returns
	 * {@code initialDescription}.
	 */
	private static final List<String> ALWAYS_PRESENT = List.of("summary", "board", "status", "company", "priority");

	/** Reads ConnectWise's ticket JSON (a callback's entity or a GET's answer). */
	public static TicketState of(JsonNode ticket) {
		if (ticket == null || !ticket.isObject()) {
			return new TicketState(new TicketSnapshot(null, null, null, null, null, null, null, null, null, null, null),
					null);
		}
		TicketSnapshot fields = new TicketSnapshot(text(ticket.get("summary")), reference(ticket.get("board")),
				reference(ticket.get("status")), reference(ticket.get("type")), reference(ticket.get("subType")),
				reference(ticket.get("item")), reference(ticket.get("priority")), reference(ticket.get("company")),
				reference(ticket.get("contact")), reference(ticket.get("owner")),
				text(ticket.get("initialDescription")));
		return new TicketState(fields, instant(ticket.path("_info").get("lastUpdated")));
	}

	/** Names of the always-present fields this state lacks. */
	public List<String> missingFields() {
		List<String> missing = new ArrayList<>();
		for (String field : ALWAYS_PRESENT) {
			Object value = switch (field) {
				case "summary" -> this.ticket.summary();
				case "board" -> this.ticket.board();
				case "status" -> this.ticket.status();
				case "company" -> this.ticket.company();
				default -> this.ticket.priority();
			};
			if (value == null) {
				missing.add(field);
			}
		}
		return missing;
	}

	/** This state with its missing fields taken from {@code other}. */
	public TicketState orElse(TicketState other) {
		TicketSnapshot a = this.ticket;
		TicketSnapshot b = other.ticket;
		return new TicketState(
				new TicketSnapshot(or(a.summary(), b.summary()), or(a.board(), b.board()), or(a.status(), b.status()),
						or(a.type(), b.type()), or(a.subType(), b.subType()), or(a.item(), b.item()),
						or(a.priority(), b.priority()), or(a.company(), b.company()), or(a.contact(), b.contact()),
						or(a.owner(), b.owner()), or(a.initialDescription(), b.initialDescription())),
				or(this.lastUpdated, other.lastUpdated));
	}

	/** This state with the initial description set. */
	public TicketState withInitialDescription(String description) {
		TicketSnapshot t = this.ticket;
		return new TicketState(new TicketSnapshot(t.summary(), t.board(), t.status(), t.type(), t.subType(), t.item(),
				t.priority(), t.company(), t.contact(), t.owner(), description), this.lastUpdated);
	}

	private static <T> T or(T first, T second) {
		return (first != null) ? first : second;
	}

	private static String text(JsonNode node) {
		// PostgreSQL's jsonb cannot hold NUL, and no ConnectWise text needs one.
		return (node != null && node.isValueNode() && !node.isNull()) ? node.asText().replace("\0", "") : null;
	}

	private static TicketReference reference(JsonNode node) {
		if (node == null || !node.isObject()) {
			return null;
		}
		Long number = id(node.get("id"));
		String identifier = text(node.get("identifier"));
		String name = text(node.get("name"));
		if (number == null && identifier == null && name == null) {
			return null;
		}
		return new TicketReference(number, identifier, name);
	}

	private static Long id(JsonNode id) {
		if (id != null && id.isIntegralNumber() && id.canConvertToLong()) {
			return id.asLong();
		}
		if (id != null && id.isTextual() && id.asText().matches("\\d{1,18}")) {
			return Long.valueOf(id.asText());
		}
		return null;
	}

	private static Instant instant(JsonNode node) {
		String text = text(node);
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
