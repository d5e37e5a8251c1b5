package com.psabridge.core.web;

import java.net.URI;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a problem from a web filter, which runs before any controller advice could
 * answer it, in the form the advice would.
 */
public final class ProblemResponses {

	private ProblemResponses() {
	}

	public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, ObjectMapper json) {
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		byte[] body;
		try {
			body = json.writeValueAsBytes(problem);
		}
		catch (JsonProcessingException ex) {
			return Mono.error(ex);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
