package com.psabridge.core.connectwise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.psabridge.core.tenant.MemberMapping;

/**
 * ConnectWise's {@code MemberReference}: by id, with the identifier for readability.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MemberReference(Integer id, String identifier) {

	static MemberReference of(MemberMapping mapping) {
		return (mapping != null) ? new MemberReference(mapping.memberId(), null) : null;
	}

}
