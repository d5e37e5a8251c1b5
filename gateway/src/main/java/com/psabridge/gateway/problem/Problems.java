package com.psabridge.gateway.problem;

import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.web.ProblemResponses;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The problem types the gateway answers with, and how a web filter (which runs before any
 * controller advice) writes one.
 */
public final class Problems {

	private static final String TYPE = "urn:psa-bridge:problem:";

	public static final URI INVALID_FIELDS = URI.create(TYPE + "invalid-fields");

	public static final URI MALFORMED_BODY = URI.create(TYPE + "malformed-body");

	public static final URI BODY_TOO_LARGE = URI.create(TYPE + "body-too-large");

	public static final URI UNAUTHORIZED = URI.create(TYPE + "unauthorized");

	public static final URI FORBIDDEN = URI.create(TYPE + "forbidden");

	public static final URI NOT_FOUND = URI.create(TYPE + "not-found");

	public static final URI IDEMPOTENCY_KEY_REUSED = URI.create(TYPE + "idempotency-key-reused");

	public static final URI NOT_REPLAYABLE = URI.create(TYPE + "not-replayable");

	public static final URI CONNECTWISE_REFUSED = URI.create(TYPE + "connectwise-refused");

	public static final URI UNAVAILABLE = URI.create(TYPE + "unavailable");

	public static final URI NOT_CONFIGURED = URI.create(TYPE + "not-configured");

	public static final URI INTERNAL_ERROR = URI.create(TYPE + "internal-error");

	private Problems() {
	}

	public static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	public static ErrorResponseException exception(ProblemDetail problem) {
		return new ErrorResponseException(HttpStatus.valueOf(problem.getStatus()), problem, null);
	}

	public static ErrorResponseException notFound(String detail) {
		return exception(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", detail));
	}

	/**
	 * Whether a failure means PostgreSQL cannot be reached or is overloaded right now: a
	 * 503 the client may retry, not a bug.
	 */
	public static boolean isDatabaseUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof R2dbcNonTransientResourceException
					|| cause instanceof R2dbcTransientException) {
				return true;
			}
		}
		return false;
	}

	public static ProblemDetail databaseUnavailable() {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Service unavailable",
				"The request store is unavailable; nothing was stored. Retry later.");
	}

	/** Writes a problem from a web filter, as the controller advice would answer it. */
	public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, ObjectMapper json) {
		return ProblemResponses.write(exchange, problem, json);
	}

}
