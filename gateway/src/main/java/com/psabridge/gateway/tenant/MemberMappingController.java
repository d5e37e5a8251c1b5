package com.psabridge.gateway.tenant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMapping.MatchedBy;
import com.psabridge.core.tenant.MemberMappingRepository;
import com.psabridge.gateway.problem.InvalidFields;
import com.psabridge.gateway.problem.JsonFields;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which ConnectWise member each product user writes as. A mapping set here is
 * {@code MANUAL}: auto-matching by e-mail never replaces it.
 */
@RestController
@RequestMapping("/v1/tenants/{tenantId}/member-mappings")
class MemberMappingController {

	private static final int MAX_USERS = 1000;

	private final MemberMappingRepository mappings;

	private final MemberAutoMatch autoMatch;

	MemberMappingController(MemberMappingRepository mappings, MemberAutoMatch autoMatch) {
		this.mappings = mappings;
		this.autoMatch = autoMatch;
	}

	@GetMapping
	Mono<Items<MemberMapping>> list(@PathVariable String tenantId) {
		TenantId.require(tenantId);
		return this.mappings.findAll(tenantId).collectList().map(Items::new);
	}

	@PutMapping(path = "/{userId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<MemberMapping> save(@PathVariable String tenantId, @PathVariable String userId, @RequestBody JsonNode body) {
		JsonFields fields = JsonFields.of(body);
		TenantId.check(tenantId, fields);
		if (userId.isBlank() || userId.codePointCount(0, userId.length()) > 128 || !JsonFields.isStorable(userId)) {
			fields.reject("userId", "must be 1-128 characters, not blank, without NUL");
		}
		Long memberId = fields.requiredInteger("memberId", 1, Integer.MAX_VALUE);
		String memberIdentifier = fields.optionalText("memberIdentifier", 64);
		fields.validate();
		MemberMapping mapping = new MemberMapping(userId, memberId.intValue(), memberIdentifier, MatchedBy.MANUAL);
		return this.mappings.save(tenantId, mapping).thenReturn(mapping);
	}

	/**
	 * Matches product users to active ConnectWise members by e-mail (contract §1): a user
	 * mapped by hand keeps that mapping and is reported matched with it.
	 */
	@PostMapping(path = "/auto-match", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<MemberAutoMatch.Answer> autoMatch(@PathVariable String tenantId, @RequestBody JsonNode body) {
		List<InvalidFields.FieldError> errors = new ArrayList<>();
		if (!TenantId.isValid(tenantId)) {
			errors.add(new InvalidFields.FieldError("tenantId", TenantId.RULE));
		}
		List<MemberAutoMatch.User> users = users(body, errors);
		if (!errors.isEmpty()) {
			throw new InvalidFields(errors);
		}
		return this.autoMatch.match(tenantId, users);
	}

	private static List<MemberAutoMatch.User> users(JsonNode body, List<InvalidFields.FieldError> errors) {
		if (body == null || !body.isObject()) {
			errors.add(new InvalidFields.FieldError("body", "must be a JSON object"));
			return List.of();
		}
		body.fieldNames().forEachRemaining((name) -> {
			if (!name.equals("users")) {
				errors.add(new InvalidFields.FieldError(name, "is not a known field"));
			}
		});
		JsonNode users = body.get("users");
		if (users == null || !users.isArray() || users.isEmpty() || users.size() > MAX_USERS) {
			errors.add(new InvalidFields.FieldError("users",
					"must be an array of 1-" + MAX_USERS + " objects {\"userId\", \"email\"}"));
			return List.of();
		}
		List<MemberAutoMatch.User> read = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < users.size(); i++) {
			JsonNode user = users.get(i);
			String at = "users[" + i + "]";
			if (!user.isObject()) {
				errors.add(new InvalidFields.FieldError(at, "must be an object {\"userId\", \"email\"}"));
				continue;
			}
			user.fieldNames().forEachRemaining((name) -> {
				if (!name.equals("userId") && !name.equals("email")) {
					errors.add(new InvalidFields.FieldError(at + "." + name, "is not a known field"));
				}
			});
			String userId = user.path("userId").isTextual() ? user.get("userId").asText() : null;
			String email = user.path("email").isTextual() ? user.get("email").asText().trim() : null;
			if (userId == null || userId.isBlank() || userId.codePointCount(0, userId.length()) > 128
					|| !JsonFields.isStorable(userId)) {
				errors.add(new InvalidFields.FieldError(at + ".userId", "must be 1-128 characters, not blank"));
			}
			else if (!seen.add(userId)) {
				errors.add(new InvalidFields.FieldError(at + ".userId", "appears more than once"));
			}
			if (email == null || email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+")) {
				errors.add(new InvalidFields.FieldError(at + ".email", "must be an e-mail address"));
			}
			read.add(new MemberAutoMatch.User(userId, email));
		}
		return read;
	}

	/** A list answer, {@code {"items": [...]}}, leaving room for paging fields. */
	record Items<T>(List<T> items) {

	}

}
