package com.psabridge.gateway.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns every error raised while handling a request into a problem: the framework's own
 * (through {@link ResponseEntityExceptionHandler}, which replaces Boot's equivalent), bad
 * fields, an unreachable database, and anything unexpected. Messages never quote the
 * request, which may carry secrets.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private final DataSize maxBodySize;

	ProblemHandler(@Value("${spring.codec.max-in-memory-size:256KB}") DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	@ExceptionHandler
	Mono<ResponseEntity<Object>> invalidFields(InvalidFields ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, Problems.INVALID_FIELDS, "Invalid request",
				"The request has " + ex.errors().size() + " invalid field(s); see errors.");
		problem.setProperty("errors", ex.errors());
		return handleExceptionInternal(ex, problem, null, HttpStatus.BAD_REQUEST, exchange);
	}

	/** The last resort: nothing escapes as Boot's non-problem error page. */
	@ExceptionHandler
	Mono<ResponseEntity<Object>> unexpected(Exception ex, ServerWebExchange exchange) {
		if (Problems.isDatabaseUnavailable(ex)) {
			log.warn("{} {}: the database is unavailable: {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), ex.toString());
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, "5");
			return handleExceptionInternal(ex, Problems.databaseUnavailable(), headers, HttpStatus.SERVICE_UNAVAILABLE,
					exchange);
		}
		log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		ProblemDetail problem = Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR,
				"Internal error", "The gateway failed unexpectedly; the error is logged.");
		return handleExceptionInternal(ex, problem, null, HttpStatus.INTERNAL_SERVER_ERROR, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		if (ex.getCause() instanceof DecodingException) {
			// Jackson's message may quote the body: say only what is wrong.
			ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY, "Malformed body",
					"The body is not valid JSON.");
			return handleExceptionInternal(ex, problem, headers, status, exchange);
		}
		return super.handleServerWebInputException(ex, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleResponseStatusException(ResponseStatusException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		if (ex instanceof PayloadTooLargeException) {
			ProblemDetail problem = Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, Problems.BODY_TOO_LARGE,
					"Body too large", "The body is larger than " + this.maxBodySize.toKilobytes() + " KB.");
			return handleExceptionInternal(ex, problem, headers, status, exchange);
		}
		return super.handleResponseStatusException(ex, headers, status, exchange);
	}

}
