package com.psabridge.simulator;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulator's own {@code /__sim} endpoints, so another process (benchmarks, the local
 * run) can drive it as tests do through {@link ConnectWiseSimulator}. Not authenticated,
 * not recorded, never faulted or slowed.
 */
final class AdminApi {

	private static final String PREFIX = "/__sim";

	private static final Pattern TICKET = Pattern.compile("/tickets/(\\d{1,18})");

	private static final Pattern NOTES = Pattern.compile("/notes/(\\d{1,18})");

	private static final Pattern BOARD = Pattern.compile("/boards/(\\d{1,9})");

	private final ConnectWiseSimulator simulator;

	AdminApi(ConnectWiseSimulator simulator) {
		this.simulator = simulator;
	}

	static boolean handles(String path) {
		return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
	}

	SimResponse handle(SimRequest request) {
		try {
			return route(request.method(), request.path().substring(PREFIX.length()).replaceAll("/$", ""), request);
		}
		catch (IllegalArgumentException ex) {
			return error(400, ex.getMessage());
		}
	}

	private SimResponse route(String method, String path, SimRequest request) {
		Matcher ticket = TICKET.matcher(path);
		Matcher notes = NOTES.matcher(path);
		Matcher board = BOARD.matcher(path);
		String route = method + " " + (ticket.matches() ? "/tickets/{id}"
				: notes.matches() ? "/notes/{id}" : board.matches() ? "/boards/{id}" : path);
		return switch (route) {
			case "POST /faults" -> {
				Fault fault = Fault.fromJson(body(request));
				this.simulator.inject(fault);
				yield SimResponse.json(201, fault.toJson());
			}
			case "GET /faults" -> SimResponse.json(200, array(this.simulator.pendingFaults()));
			case "DELETE /faults" -> {
				this.simulator.clearFaults();
				yield SimResponse.noContent();
			}
			case "PUT /latency" -> {
				long millis = body(request).path("millis").asLong(-1);
				if (millis < 0) {
					throw new IllegalArgumentException("Send {\"millis\": <non-negative number>}");
				}
				this.simulator.setLatency(Duration.ofMillis(millis));
				yield latency();
			}
			case "GET /latency" -> latency();
			case "POST /reset" -> {
				this.simulator.reset();
				yield SimResponse.noContent();
			}
			case "GET /notes/{id}" ->
				SimResponse.json(200, array(this.simulator.notes(Long.parseLong(notes.group(1)))));
			case "GET /time-entries" -> SimResponse.json(200, array(this.simulator.timeEntries()));
			case "GET /callbacks" -> SimResponse.json(200, array(this.simulator.callbacks()));
			case "GET /calls" -> SimResponse.json(200, calls(request));
			case "GET /tickets/{id}" -> ticket(Long.parseLong(ticket.group(1)));
			case "PUT /tickets/{id}" -> {
				JsonNode body = Json.readOrNull(request.body());
				int boardId = (body != null) ? body.path("boardId").asInt(SimulatedSite.DEFAULT_BOARD_ID)
						: SimulatedSite.DEFAULT_BOARD_ID;
				this.simulator.addTicket(Long.parseLong(ticket.group(1)), boardId);
				yield SimResponse.noContent();
			}
			case "DELETE /tickets/{id}" -> {
				this.simulator.removeTicket(Long.parseLong(ticket.group(1)));
				yield SimResponse.noContent();
			}
			case "PUT /boards/{id}" -> {
				Set<Integer> statusIds = new HashSet<>();
				body(request).path("statusIds").forEach((id) -> statusIds.add(id.asInt()));
				this.simulator.addBoard(Integer.parseInt(board.group(1)), statusIds);
				yield SimResponse.noContent();
			}
			case "POST /companies" -> {
				JsonNode body = body(request);
				this.simulator.addCompany(required(body, "companyId"), required(body, "publicKey"),
						required(body, "privateKey"));
				yield SimResponse.noContent();
			}
			case "POST /members" -> {
				JsonNode body = body(request);
				if (!body.path("id").canConvertToInt()) {
					throw new IllegalArgumentException("id is required");
				}
				this.simulator.addMember(body.get("id").asInt(), required(body, "identifier"),
						body.path("email").asText(null), body.path("inactive").asBoolean(false));
				yield SimResponse.noContent();
			}
			default -> error(404,
					"No simulator endpoint " + method + " " + PREFIX + path + "; see connectwise-simulator/README.md");
		};
	}

	private SimResponse latency() {
		return SimResponse.json(200, Json.object().put("millis", this.simulator.latency().toMillis()));
	}

	private SimResponse ticket(long id) {
		Integer statusId = this.simulator.ticketStatusId(id);
		if (statusId == null) {
			return error(404, "Ticket " + id + " was removed");
		}
		ObjectNode node = Json.object();
		node.put("id", id);
		node.put("statusId", statusId);
		node.set("patches", array(this.simulator.ticketPatches(id)));
		return SimResponse.json(200, node);
	}

	private ArrayNode calls(SimRequest request) {
		String limit = request.param("limit");
		ArrayNode array = Json.array();
		for (RecordedCall call : this.simulator.recentCalls((limit != null) ? Integer.parseInt(limit) : 100)) {
			ObjectNode node = array.addObject();
			node.put("method", call.method());
			node.put("path", call.path());
			node.put("query", call.query());
			node.set("headers", Json.MAPPER.valueToTree(Map.copyOf(call.headers())));
			node.put("body", call.body());
			node.put("status", call.status());
			node.put("at", call.at().toString());
		}
		return array;
	}

	private static JsonNode body(SimRequest request) {
		JsonNode body = Json.readOrNull(request.body());
		if (body == null || !body.isObject()) {
			throw new IllegalArgumentException("The body must be a JSON object");
		}
		return body;
	}

	private static String required(JsonNode body, String field) {
		if (!body.hasNonNull(field)) {
			throw new IllegalArgumentException(field + " is required");
		}
		return body.get(field).asText();
	}

	private static ArrayNode array(List<? extends JsonNode> nodes) {
		ArrayNode array = Json.array();
		nodes.forEach(array::add);
		return array;
	}

	private static SimResponse error(int status, String message) {
		return SimResponse.json(status, Json.object().put("error", message));
	}

}
