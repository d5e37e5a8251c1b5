package com.psabridge.gateway.problem;

import java.util.List;

/**
 * A request with bad fields; answered as one 400 problem listing every one of them.
 */
public class InvalidFields extends RuntimeException {

	private final List<FieldError> errors;

	public InvalidFields(List<FieldError> errors) {
		super(errors.size() + " invalid field(s)");
		this.errors = List.copyOf(errors);
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	/**
	 * One bad field: its name (a JSON property, a path variable or a header), and what is
	 * wrong with it. Never echoes the value, which may be a secret.
	 */
	public record FieldError(String field, String message) {

	}

}
