package com.psabridge.gateway.request;

import java.net.URI;
import java.time.Instant;
import java.security.Principal;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.psabridge.gateway.problem.JsonFields;
import com.psabridge.gateway.problem.Problems;
import com.psabridge.gateway.tenant.TenantId;
import com.psabridge.model.request.RequestKind;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replay of dead letters (role {@code admin}, contract §1 "Operate"). {@code POST
 * .../requests/{id}/replay} with no body (or {@code {}}) replays the request as it was;
 * with {@code {"changes": {...}}} it replays an edited copy as a new request.
 */
@RestController
@RequestMapping("/v1/tenants/{tenantId}/requests")
class ReplayController {

	private final RequestReplay replay;

	ReplayController(RequestReplay replay) {
		this.replay = replay;
	}

	@PostMapping("/{requestId}/replay")
	Mono<ResponseEntity<RequestController.Accepted>> replay(@PathVariable String tenantId,
			@PathVariable String requestId, @RequestBody(required = false) JsonNode body, Principal actor) {
		TenantId.require(tenantId);
		UUID id = parseId(requestId);
		JsonNode changes = (body != null) ? body.get("changes") : null;
		if (body != null && !body.isObject() || changes != null && !changes.isObject()
				|| body != null && body.size() > ((changes != null) ? 1 : 0)) {
			JsonFields fields = JsonFields.of(body);
			fields.reject("changes", "must be an object of payload fields to change, e.g. {\"userId\": \"u-7\"}");
			fields.validate();
		}
		Mono<UUID> replayed = (changes != null && !changes.isEmpty())
				? this.replay.replayEdited(tenantId, id, changes, actor.getName())
				: this.replay.replay(tenantId, id, actor.getName());
		return replayed.map((replayedId) -> ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/v1/tenants/" + tenantId + "/requests/" + replayedId))
			.body(new RequestController.Accepted(replayedId, "QUEUED", null)));
	}

	@PostMapping("/replay")
	Mono<Map<String, Integer>> replayAll(@PathVariable String tenantId, @RequestBody(required = false) JsonNode body,
			Principal actor) {
		JsonFields fields = JsonFields.of((body != null) ? body : JsonNodeFactory.instance.objectNode());
		TenantId.check(tenantId, fields);
		RequestKind kind = fields.optionalEnum("kind", RequestKind.class);
		Instant from = fields.optionalInstant("from");
		Instant to = fields.optionalInstant("to");
		String errorCode = fields.optionalText("errorCode", 64);
		if (from != null && to != null && !to.isAfter(from)) {
			fields.reject("to", "must be after from");
		}
		fields.validate();
		return this.replay
			.replayAll(tenantId, new RequestReplay.ReplayFilter(kind, from, to, errorCode), actor.getName())
			.map((count) -> Map.of("requeued", count));
	}

	private static UUID parseId(String requestId) {
		try {
			return UUID.fromString(requestId);
		}
		catch (IllegalArgumentException ex) {
			throw Problems.notFound("This tenant has no request " + requestId + ".");
		}
	}

}
