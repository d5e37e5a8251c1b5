package com.psabridge.gateway.tenant;

import java.util.List;
import java.util.regex.Pattern;

import com.psabridge.gateway.problem.InvalidFields;
import com.psabridge.gateway.problem.JsonFields;

/**
 * The product's account id, as it appears in every tenant path: 1-64 characters of
 * {@code [A-Za-z0-9._-]} (it is also a column and a log field, so nothing else is let
 * in).
 */
public final class TenantId {

	public static final String RULE = "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' and '-'";

	private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private TenantId() {
	}

	public static boolean isValid(String tenantId) {
		return tenantId != null && PATTERN.matcher(tenantId).matches();
	}

	/** Throws a 400 problem unless the tenant id is valid (for calls without a body). */
	public static void require(String tenantId) {
		if (!isValid(tenantId)) {
			throw new InvalidFields(List.of(new InvalidFields.FieldError("tenantId", RULE)));
		}
	}

	/** Records an error on {@code tenantId} unless it is valid. */
	public static void check(String tenantId, JsonFields fields) {
		if (!isValid(tenantId)) {
			fields.reject("tenantId", RULE);
		}
	}

}
