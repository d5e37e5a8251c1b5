package com.psabridge.webhook.callback;

import java.net.URI;

import com.psabridge.webhook.signature.SignatureRejected;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every error answered as an RFC 9457 problem ({@code application/problem+json}). A
 * refused callback is a 4xx saying what is wrong without quoting the body; a database
 * outage is a 503 (ConnectWise retries); only a fault of ours is a 500.
 */
@RestControllerAdvice
class CallbackProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(CallbackProblemHandler.class);

	private static final String TYPE = "urn:psa-bridge:problem:";

	@ExceptionHandler
	Mono<ResponseEntity<Object>> rejected(CallbackRejected ex, ServerWebExchange exchange) {
		HttpHeaders headers = new HttpHeaders();
		if (ex.status() == HttpStatus.PAYLOAD_TOO_LARGE) {
			// The rest of the body is not read: end the connection rather than leave the
			// sender writing into it.
			headers.set(HttpHeaders.CONNECTION, "close");
		}
		return handleExceptionInternal(ex, problem(ex.status(), ex.problem(), ex.title(), ex.getMessage()), headers,
				ex.status(), exchange);
	}

	@ExceptionHandler
	Mono<ResponseEntity<Object>> signature(SignatureRejected ex, ServerWebExchange exchange) {
		return handleExceptionInternal(ex,
				problem(HttpStatus.UNAUTHORIZED, "signature-rejected", "Signature rejected", ex.getMessage()), null,
				HttpStatus.UNAUTHORIZED, exchange);
	}

	@ExceptionHandler
	Mono<ResponseEntity<Object>> unexpected(Exception ex, ServerWebExchange exchange) {
		if (ex instanceof java.util.concurrent.TimeoutException) {
			log.warn("{}: no answer within the answer timeout", exchange.getRequest().getPath());
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, "5");
			return handleExceptionInternal(ex,
					problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
							"The callback could not be handled in time; send it again later."),
					headers, HttpStatus.SERVICE_UNAVAILABLE, exchange);
		}
		if (isDatabaseUnavailable(ex)) {
			log.warn("{}: the database is unavailable: {}", exchange.getRequest().getPath(), ex.toString());
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, "5");
			return handleExceptionInternal(ex,
					problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
							"The callback could not be stored; send it again later."),
					headers, HttpStatus.SERVICE_UNAVAILABLE, exchange);
		}
		log.error("{} failed", exchange.getRequest().getPath(), ex);
		return handleExceptionInternal(ex,
				problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
						"The callback intake failed unexpectedly; the error is logged."),
				null, HttpStatus.INTERNAL_SERVER_ERROR, exchange);
	}

	private static boolean isDatabaseUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof R2dbcTransientException || cause instanceof R2dbcNonTransientResourceException
					|| cause instanceof java.net.ConnectException) {
				return true;
			}
		}
		return false;
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE + type));
		problem.setTitle(title);
		return problem;
	}

}
