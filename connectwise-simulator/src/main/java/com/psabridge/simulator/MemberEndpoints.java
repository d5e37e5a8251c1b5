package com.psabridge.simulator;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /system/members}, and resolving the member references notes and time entries
 * carry.
 */
final class MemberEndpoints {

	private final SimulatedSite site;

	MemberEndpoints(SimulatedSite site) {
		this.site = site;
	}

	/**
	 * The member a reference names, or the field error to answer.
	 */
	record Lookup(Member member, ApiErrors.FieldError error) {

	}

	/**
	 * Resolves {@code {"id": n}} or {@code {"identifier": "x"}}; no reference means the
	 * API member, which is whom ConnectWise attributes such a write to.
	 */
	Lookup resolve(JsonNode reference, String resource) {
		if (reference == null || reference.isNull() || reference.isObject() && reference.isEmpty()) {
			return new Lookup(this.site.apiMember(), null);
		}
		JsonNode id = reference.get("id");
		JsonNode identifier = reference.get("identifier");
		Optional<Member> member;
		String described;
		Integer memberId = Json.intValue(id);
		if (memberId != null && memberId != 0) {
			member = this.site.member(memberId);
			described = "Member " + memberId + " not found";
		}
		else if (identifier != null && identifier.isTextual() && !identifier.asText().isBlank()) {
			member = this.site.member(identifier.asText());
			described = "Member " + identifier.asText() + " not found";
		}
		else {
			return new Lookup(null, ApiErrors.FieldError.invalid(resource, "member",
					"The member reference needs an id or an identifier"));
		}
		return member.map((found) -> new Lookup(found, null))
			.orElseGet(() -> new Lookup(null, ApiErrors.FieldError.notFound(resource, "member", described)));
	}

	SimResponse list(ApiCall call, Matcher path) {
		return Listing.page(json(call), Fields.MEMBER, call);
	}

	SimResponse count(ApiCall call, Matcher path) {
		return Listing.count(json(call), Fields.MEMBER, call);
	}

	SimResponse get(ApiCall call, Matcher path) {
		int id = Integer.parseInt(path.group(1));
		return this.site.member(id)
			.map((member) -> SimResponse.json(200, member.toJson(call.apiBase())))
			.orElseGet(() -> ApiErrors.recordNotFound("Member", id));
	}

	private List<ObjectNode> json(ApiCall call) {
		return this.site.members().stream().map((member) -> member.toJson(call.apiBase())).toList();
	}

}
