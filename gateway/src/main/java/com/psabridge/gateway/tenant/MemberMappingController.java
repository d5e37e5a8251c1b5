package com.psabridge.gateway.tenant;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMapping.MatchedBy;
import com.psabridge.core.tenant.MemberMappingRepository;
import com.psabridge.gateway.problem.JsonFields;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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

	private final MemberMappingRepository mappings;

	MemberMappingController(MemberMappingRepository mappings) {
		this.mappings = mappings;
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

	/** A list answer, {@code {"items": [...]}}, leaving room for paging fields. */
	record Items<T>(List<T> items) {

	}

}
