package com.psabridge.core.connectwise;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * ConnectWise's error body: {@code {"code", "message", "errors": [{code, message,
 * resource, field}]}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ConnectWiseError(String code, String message, List<FieldError> errors) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record FieldError(String code, String message, String resource, String field) {

	}

	/** The message with its field errors, as an operator needs to read it. */
	String describe() {
		StringBuilder text = new StringBuilder((this.message != null) ? this.message : "");
		if (this.errors != null) {
			for (FieldError error : this.errors) {
				text.append(text.isEmpty() ? "" : "; ")
					.append((error.field() != null) ? error.field() + ": " : "")
					.append(error.message())
					.append((error.code() != null) ? " (" + error.code() + ")" : "");
			}
		}
		return text.toString();
	}

}
