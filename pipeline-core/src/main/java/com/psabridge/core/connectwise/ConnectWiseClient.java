package com.psabridge.core.connectwise;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.connectwise.CallOutcome.Result;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Calls one tenant's ConnectWise PSA. Every call answers a {@link CallOutcome} rather
 * than an error, so delivery code decides on retries from one classification, made here
 * where ConnectWise's quirks are known: HTML bodies from the CDN edge,
 * {@code Retry-After} in seconds or as a date, 404 for bad credentials on cloud.
 */
@Component
public class ConnectWiseClient {

	private static final Logger logger = LoggerFactory.getLogger(ConnectWiseClient.class);

	private static final int MAX_ERROR_BODY = 64 * 1024;

	private final WebClient web;

	private final ConnectWiseProperties properties;

	private final ObjectMapper json;

	ConnectWiseClient(WebClient.Builder builder, ConnectWiseProperties properties, ObjectMapper json) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.readTimeout())
			// ConnectWise never redirects an API call; following one could send our
			// credentials elsewhere.
			.followRedirect(false);
		this.web = builder.clone().clientConnector(new ReactorClientHttpConnector(http)).build();
		this.properties = properties;
		this.json = json;
	}

	/**
	 * {@code GET /system/info}: the cheap call that proves the keys and answers the
	 * server version.
	 */
	public Mono<CallOutcome> systemInfo(TenantConnection connection) {
		return call(connection, HttpMethod.GET, "/system/info", null, (body) -> null,
				(body) -> body.path("version").asText(null));
	}

	/**
	 * {@code POST /service/tickets/{id}/notes}; the outcome's record id is the note's id.
	 */
	public Mono<CallOutcome> postTicketNote(TenantConnection connection, TicketNote note, MemberMapping author) {
		return call(connection, HttpMethod.POST, "/service/tickets/" + note.ticketId() + "/notes",
				ServiceNote.of(note, author), ConnectWiseClient::id, (body) -> null);
	}

	/** {@code PATCH /service/tickets/{id}} replacing the status reference. */
	public Mono<CallOutcome> changeTicketStatus(TenantConnection connection, long ticketId, int statusId) {
		List<Map<String, Object>> patch = List
			.of(Map.of("op", "replace", "path", "status", "value", Map.of("id", statusId)));
		return call(connection, HttpMethod.PATCH, "/service/tickets/" + ticketId, patch, ConnectWiseClient::id,
				(body) -> null);
	}

	/** {@code POST /time/entries}; the outcome's record id is the time entry's id. */
	public Mono<CallOutcome> postTimeEntry(TenantConnection connection, TimeEntry entry, MemberMapping worker) {
		return call(connection, HttpMethod.POST, "/time/entries", TimeEntryBody.of(entry, worker),
				ConnectWiseClient::id, (body) -> null);
	}

	/**
	 * Looks for a note an earlier attempt may have created although its answer never
	 * came: same ticket, same text, same member, created since the request was accepted.
	 * The outcome's record id is the note's id, or null when there is none.
	 */
	public Mono<CallOutcome> findTicketNote(TenantConnection connection, TicketNote note, MemberMapping author,
			Instant acceptedAt) {
		// ConnectWise's clock and ours differ a little: look from a minute before
		// acceptance.
		String conditions = "dateCreated >= [" + ConnectWiseDates.format(acceptedAt.minusSeconds(60)) + "]"
				+ ((author != null) ? " and member/id=" + author.memberId() : "");
		String text = normalise(note.text());
		return call(connection, HttpMethod.GET, "/service/tickets/" + note.ticketId() + "/notes",
				Map.of("conditions", conditions, "orderBy", "id desc", "pageSize", "1000"), null,
				(body) -> firstId(body, (found) -> text.equals(normalise(found.path("text").asText()))),
				(body) -> null);
	}

	/**
	 * Looks for a time entry an earlier attempt may have created: same ticket, member and
	 * start. The outcome's record id is the entry's id, or null when there is none.
	 */
	public Mono<CallOutcome> findTimeEntry(TenantConnection connection, TimeEntry entry, MemberMapping worker) {
		String conditions = "chargeToId=" + entry.ticketId() + " and chargeToType=\"ServiceTicket\" and member/id="
				+ worker.memberId() + " and timeStart=[" + ConnectWiseDates.format(entry.timeStart()) + "]";
		String end = ConnectWiseDates.format(entry.billedEnd());
		return call(connection, HttpMethod.GET, "/time/entries", Map.of("conditions", conditions, "pageSize", "1000"),
				null, (body) -> firstId(body, (found) -> end.equals(found.path("timeEnd").asText())), (body) -> null);
	}

	private Mono<CallOutcome> call(TenantConnection connection, HttpMethod method, String path, Object body,
			Function<JsonNode, Long> recordId, Function<JsonNode, String> detail) {
		return call(connection, method, path, Map.of(), body, recordId, detail);
	}

	private Mono<CallOutcome> call(TenantConnection connection, HttpMethod method, String path,
			Map<String, String> query, Object body, Function<JsonNode, Long> recordId,
			Function<JsonNode, String> detail) {
		URI uri;
		try {
			uri = withQuery(apiUri(connection, path), query);
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(new CallOutcome(Result.PERMANENT_FAILURE, null, null, "InvalidSite", ex.getMessage(), null,
					false, null, Duration.ZERO, null));
		}
		long started = System.nanoTime();
		WebClient.RequestBodySpec request = this.web.method(method)
			.uri(uri)
			.headers((headers) -> headers(connection, headers));
		WebClient.RequestHeadersSpec<?> ready = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
		return ready.exchangeToMono((response) -> read(response, started, recordId, detail))
			.onErrorResume((ex) -> Mono.just(noAnswer(ex, method, started)))
			.doOnNext((outcome) -> log(connection, method, path, outcome));
	}

	private Mono<CallOutcome> read(ClientResponse response, long started, Function<JsonNode, Long> recordId,
			Function<JsonNode, String> detail) {
		int status = response.statusCode().value();
		String cwRequestId = response.headers().asHttpHeaders().getFirst("x-cw-request-id");
		Duration retryAfter = RetryAfter.parse(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER));
		return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).map((bytes) -> {
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			if (status >= 200 && status < 300) {
				JsonNode answer = parse(bytes);
				return new CallOutcome(Result.SUCCEEDED, status, recordId.apply(answer), null, null, null, false,
						cwRequestId, elapsed, detail.apply(answer));
			}
			ConnectWiseError error = error(bytes, status);
			Result result = classify(status);
			return new CallOutcome(result, status, null, error.code(), error.describe(), retryAfter,
					result == Result.TRANSIENT_FAILURE && status >= 500, cwRequestId, elapsed, null);
		});
	}

	static Result classify(int status) {
		return switch (status) {
			case 401, 403 -> Result.ACCESS_DENIED;
			case 408, 409, 429, 500, 502, 503, 504 -> Result.TRANSIENT_FAILURE;
			default -> (status >= 500) ? Result.TRANSIENT_FAILURE : Result.PERMANENT_FAILURE;
		};
	}

	private CallOutcome noAnswer(Throwable ex, HttpMethod method, long started) {
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		Throwable cause = rootCause(ex);
		boolean timedOut = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
		String code = timedOut ? "Timeout" : "ConnectionFailed";
		// A write that got no answer may have been stored; a GET changes nothing either
		// way.
		boolean unknown = method != HttpMethod.GET && !isConnectFailure(cause);
		return new CallOutcome(Result.TRANSIENT_FAILURE, null, null, code,
				cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, unknown, null, elapsed, null);
	}

	private static boolean isConnectFailure(Throwable cause) {
		return cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
				|| cause.getClass().getSimpleName().equals("ConnectTimeoutException");
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private void headers(TenantConnection connection, HttpHeaders headers) {
		String credentials = connection.companyId() + "+" + connection.publicKey() + ":" + connection.privateKey();
		headers.set(HttpHeaders.AUTHORIZATION,
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		headers.set("clientId", this.properties.clientId());
		headers.set(HttpHeaders.ACCEPT, this.properties.acceptHeader());
	}

	URI apiUri(TenantConnection connection, String path) {
		URI origin = connection.origin();
		if (!"https".equals(origin.getScheme())
				&& !("http".equals(origin.getScheme()) && this.properties.allowInsecureHttp())) {
			throw new IllegalArgumentException("site " + connection.site()
					+ " is not https (set PSA_CONNECTWISE_ALLOW_INSECURE_HTTP=true for on-premises http)");
		}
		String codebase = connection.codebase().replaceAll("^/+|/+$", "");
		return URI.create(origin + "/" + codebase + "/apis/3.0" + path);
	}

	private static URI withQuery(URI uri, Map<String, String> query) {
		if (query.isEmpty()) {
			return uri;
		}
		UriComponentsBuilder builder = UriComponentsBuilder.fromUri(uri);
		query.keySet().stream().sorted().forEach((name) -> builder.queryParam(name, "{" + name + "}"));
		return builder.encode().buildAndExpand(query).toUri();
	}

	private static Long firstId(JsonNode list, java.util.function.Predicate<JsonNode> matches) {
		for (JsonNode item : list) {
			if (matches.test(item)) {
				return id(item);
			}
		}
		return null;
	}

	private static String normalise(String text) {
		return text.replace("\r\n", "\n").strip();
	}

	private JsonNode parse(byte[] bytes) {
		try {
			return (bytes.length > 0) ? this.json.readTree(bytes) : this.json.missingNode();
		}
		catch (java.io.IOException ex) {
			return this.json.missingNode();
		}
	}

	private ConnectWiseError error(byte[] bytes, int status) {
		JsonNode body = parse(bytes);
		if (body.isObject() && body.has("code")) {
			try {
				return this.json.treeToValue(body, ConnectWiseError.class);
			}
			catch (java.io.IOException ex) {
				// fall through to the text form
			}
		}
		// The CDN edge answers 429/502/503 with an HTML page: keep a readable excerpt.
		String text = new String(bytes, 0, Math.min(bytes.length, MAX_ERROR_BODY), StandardCharsets.UTF_8)
			.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
			.replaceAll("<[^>]+>", " ")
			.replaceAll("\\s+", " ")
			.trim();
		return new ConnectWiseError("Http" + status,
				text.isEmpty() ? "HTTP " + status : text.substring(0, Math.min(text.length(), 500)), null);
	}

	private static Long id(JsonNode body) {
		JsonNode id = body.path("id");
		return id.canConvertToLong() ? id.asLong() : null;
	}

	private static void log(TenantConnection connection, HttpMethod method, String path, CallOutcome outcome) {
		if (logger.isDebugEnabled() || !outcome.succeeded()) {
			logger.info("ConnectWise {} {} for tenant {}: {} {} in {} ms (x-cw-request-id {})", method, path,
					connection.tenantId(), outcome.result(),
					(outcome.httpStatus() != null) ? outcome.httpStatus() : outcome.errorCode(),
					outcome.elapsed().toMillis(), outcome.connectWiseRequestId());
		}
	}

}
