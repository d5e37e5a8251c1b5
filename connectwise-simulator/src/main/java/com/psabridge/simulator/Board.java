package com.psabridge.simulator;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A service board and the ids of the statuses that belong to it.
 */
record Board(int id, String name, Set<Integer> statusIds) {

	private static final Map<Integer, String> STATUS_NAMES = Map.of(1, "New", 2, "In Progress", 3, "Waiting Customer",
			4, "Scheduled", 5, "Completed", 6, "Closed");

	Board {
		if (statusIds.isEmpty()) {
			throw new IllegalArgumentException("Board " + id + " needs at least one status");
		}
		statusIds = Set.copyOf(statusIds);
	}

	int defaultStatusId() {
		return new TreeSet<>(this.statusIds).first();
	}

	static String statusName(int statusId) {
		return STATUS_NAMES.getOrDefault(statusId, "Status " + statusId);
	}

	ObjectNode reference(String apiBase) {
		ObjectNode node = Json.object();
		node.put("id", this.id);
		node.put("name", this.name);
		node.putObject("_info").put("board_href", apiBase + "/service/boards/" + this.id);
		return node;
	}

	ObjectNode statusReference(int statusId, String apiBase) {
		ObjectNode node = Json.object();
		node.put("id", statusId);
		node.put("name", statusName(statusId));
		node.putObject("_info").put("status_href", apiBase + "/service/boards/" + this.id + "/statuses/" + statusId);
		return node;
	}

}
