package com.psabridge.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A service ticket's mutable part: its status, summary and the PATCHes applied to it.
 * Guarded by its own monitor, as a worker may PATCH and read the same ticket
 * concurrently.
 */
final class Ticket {

	private final long id;

	private final int boardId;

	private int statusId;

	private String summary;

	private Instant lastUpdated;

	private String updatedBy;

	private final List<JsonNode> patches = new ArrayList<>();

	Ticket(long id, int boardId, int statusId, Instant created) {
		this.id = id;
		this.boardId = boardId;
		this.statusId = statusId;
		this.summary = "Simulated ticket " + id;
		this.lastUpdated = created;
		this.updatedBy = SimulatedSite.API_MEMBER_IDENTIFIER;
	}

	long id() {
		return this.id;
	}

	int boardId() {
		return this.boardId;
	}

	synchronized int statusId() {
		return this.statusId;
	}

	synchronized String summary() {
		return this.summary;
	}

	/**
	 * Applies one validated PATCH as a unit, so a concurrent GET never sees half of it.
	 */
	synchronized void apply(Integer newStatusId, String newSummary, JsonNode patchBody, Instant now, String updatedBy) {
		if (newStatusId != null) {
			this.statusId = newStatusId;
		}
		if (newSummary != null) {
			this.summary = newSummary;
		}
		this.patches.add(patchBody.deepCopy());
		this.lastUpdated = now;
		this.updatedBy = updatedBy;
	}

	synchronized List<JsonNode> patches() {
		return this.patches.stream().<JsonNode>map(JsonNode::deepCopy).toList();
	}

	synchronized ObjectNode toJson(Board board, String apiBase) {
		ObjectNode node = Json.object();
		node.put("id", this.id);
		node.put("summary", this.summary);
		node.put("recordType", "ServiceTicket");
		node.set("board", board.reference(apiBase));
		node.set("status", board.statusReference(this.statusId, apiBase));
		node.put("closedFlag", false);
		ObjectNode info = node.putObject("_info");
		info.put("lastUpdated", Json.date(this.lastUpdated));
		info.put("updatedBy", this.updatedBy);
		info.put("notes_href", apiBase + "/service/tickets/" + this.id + "/notes");
		info.put("timeentries_href", apiBase + "/time/entries?conditions=(chargeToType=%22ServiceTicket%22%20OR"
				+ "%20chargeToType=%22ProjectTicket%22)%20AND%20chargeToId=" + this.id);
		return node;
	}

	ObjectNode reference(String apiBase) {
		ObjectNode node = Json.object();
		node.put("id", this.id);
		node.put("summary", summary());
		node.putObject("_info").put("ticket_href", apiBase + "/service/tickets/" + this.id);
		return node;
	}

}
