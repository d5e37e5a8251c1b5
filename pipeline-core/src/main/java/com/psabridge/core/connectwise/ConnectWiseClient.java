package com.psabridge.core.connectwise;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.connectwise.CallOutcome.Result;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
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

	static final String SYSTEM_INFO = "SYSTEM_INFO";

	static final String COMPANY_INFO = "COMPANY_INFO";

	static final String LIST_MEMBERS = "LIST_MEMBERS";

	static final String POST_NOTE = "POST_NOTE";

	static final String PATCH_STATUS = "PATCH_STATUS";

	static final String POST_TIME_ENTRY = "POST_TIME_ENTRY";

	static final String FIND_NOTE = "FIND_NOTE";

	static final String FIND_TIME_ENTRY = "FIND_TIME_ENTRY";

	static final String REGISTER_CALLBACK = "REGISTER_CALLBACK";

	static final String LIST_CALLBACKS = "LIST_CALLBACKS";

	static final String DELETE_CALLBACK = "DELETE_CALLBACK";

	private static final int MEMBER_PAGE_SIZE = 1000;

	/**
	 * 100,000 members: far beyond any MSP, and a bound on a site that links in a loop.
	 */
	private static final int MAX_MEMBER_PAGES = 100;

	private final WebClient web;

	private final ConnectWiseProperties properties;

	private final ObjectMapper json;

	private final ConnectWiseCallMetrics calls;

	/** For tests without Spring: the calls are timed into a registry nobody reads. */
	ConnectWiseClient(WebClient.Builder builder, ConnectWiseProperties properties, ObjectMapper json) {
		this(builder, properties, json, new SimpleMeterRegistry());
	}

	@Autowired
	ConnectWiseClient(WebClient.Builder builder, ConnectWiseProperties properties, ObjectMapper json,
			MeterRegistry meters) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.readTimeout())
			// ConnectWise never redirects an API call; following one could send our
			// credentials elsewhere.
			.followRedirect(false);
		this.web = builder.clone().clientConnector(new ReactorClientHttpConnector(http)).build();
		this.properties = properties;
		this.json = json;
		this.calls = new ConnectWiseCallMetrics(meters);
	}

	/**
	 * {@code GET /system/info}: the cheap call that proves the keys and answers the
	 * server version.
	 */
	public Mono<CallOutcome> systemInfo(TenantConnection connection) {
		return call(connection, SYSTEM_INFO, HttpMethod.GET, "/system/info", null, (body) -> null,
				(body) -> body.path("version").asText(null));
	}

	/**
	 * {@code POST /service/tickets/{id}/notes}; the outcome's record id is the note's id.
	 */
	public Mono<CallOutcome> postTicketNote(TenantConnection connection, TicketNote note, MemberMapping author) {
		return call(connection, POST_NOTE, HttpMethod.POST, "/service/tickets/" + note.ticketId() + "/notes",
				ServiceNote.of(note, author), ConnectWiseClient::id, (body) -> null);
	}

	/** {@code PATCH /service/tickets/{id}} replacing the status reference. */
	public Mono<CallOutcome> changeTicketStatus(TenantConnection connection, long ticketId, int statusId) {
		List<Map<String, Object>> patch = List
			.of(Map.of("op", "replace", "path", "status", "value", Map.of("id", statusId)));
		return call(connection, PATCH_STATUS, HttpMethod.PATCH, "/service/tickets/" + ticketId, patch,
				ConnectWiseClient::id, (body) -> null);
	}

	/** {@code POST /time/entries}; the outcome's record id is the time entry's id. */
	public Mono<CallOutcome> postTimeEntry(TenantConnection connection, TimeEntry entry, MemberMapping worker) {
		return call(connection, POST_TIME_ENTRY, HttpMethod.POST, "/time/entries", TimeEntryBody.of(entry, worker),
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
		return call(connection, FIND_NOTE, HttpMethod.GET, "/service/tickets/" + note.ticketId() + "/notes",
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
		return call(connection, FIND_TIME_ENTRY, HttpMethod.GET, "/time/entries",
				Map.of("conditions", conditions, "pageSize", "1000"), null,
				(body) -> firstId(body, (found) -> end.equals(found.path("timeEnd").asText())), (body) -> null);
	}

	/**
	 * {@code POST /system/callbacks}: a ticket callback at owner level to {@code url}.
	 * The outcome's record id is the callback entry's id (the {@code CallbackObjectRecId}
	 * of its deliveries); a duplicate answers 400 with the field error code
	 * {@code ObjectExists}.
	 */
	public Mono<CallOutcome> registerTicketCallback(TenantConnection connection, String url, String description) {
		Map<String, Object> entry = Map.of("url", url, "objectId", 0, "type", "ticket", "level", "owner", "description",
				description, "inactiveFlag", false, "isSelfSuppressedFlag", false);
		return call(connection, REGISTER_CALLBACK, HttpMethod.POST, "/system/callbacks", entry, ConnectWiseClient::id,
				(body) -> null);
	}

	/** The site's ticket callbacks whose URL starts with {@code urlPrefix}. */
	public Mono<CallbackListing> ticketCallbacks(TenantConnection connection, String urlPrefix) {
		List<CallbackListing.Entry> entries = new ArrayList<>();
		String conditions = "type=\"ticket\" and url like \"" + urlPrefix.replace("\"", "") + "%\"";
		return call(connection, LIST_CALLBACKS, HttpMethod.GET, "/system/callbacks",
				Map.of("conditions", conditions, "pageSize", "1000"), null, (body) -> null, (body) -> {
					for (JsonNode entry : body) {
						entries.add(new CallbackListing.Entry(entry.path("id").asLong(), entry.path("url").asText(),
								entry.path("level").asText(), entry.path("inactiveFlag").asBoolean()));
					}
					return null;
				})
			.map((outcome) -> new CallbackListing(outcome, List.copyOf(entries)));
	}

	/** {@code DELETE /system/callbacks/{id}}. */
	public Mono<CallOutcome> deleteCallback(TenantConnection connection, long callbackId) {
		return call(connection, DELETE_CALLBACK, HttpMethod.DELETE, "/system/callbacks/" + callbackId, null,
				(body) -> null, (body) -> null);
	}

	/**
	 * {@code GET https://{site}/login/companyinfo/{companyId}}, which needs no keys: it
	 * tells whether the site exists and knows the company, and answers the codebase the
	 * company's API lives under (the outcome's detail, e.g. {@code v2025_1/}).
	 */
	public Mono<CallOutcome> companyInfo(TenantConnection connection) {
		URI uri;
		try {
			uri = UriComponentsBuilder.fromUri(origin(connection))
				.path("/login/companyinfo/{companyId}")
				.buildAndExpand(connection.companyId())
				.encode()
				.toUri();
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(invalidSite(ex));
		}
		return exchange(connection, COMPANY_INFO, HttpMethod.GET, uri, null, false, "/login/companyinfo", (response,
				started) -> read(response, started, (body) -> null, (body) -> body.path("Codebase").asText(null)),
				Function.identity(), Function.identity());
	}

	/**
	 * Every active member of the site ({@code GET /system/members}, all pages, following
	 * ConnectWise's {@code Link: rel="next"} on the same origin only). The outcome is the
	 * first failed page's, or the last page's.
	 */
	public Mono<MemberDirectory> activeMembers(TenantConnection connection) {
		return activeMembers(connection, MEMBER_PAGE_SIZE);
	}

	Mono<MemberDirectory> activeMembers(TenantConnection connection, int pageSize) {
		URI first;
		try {
			first = withQuery(apiUri(connection, "/system/members"),
					Map.of("conditions", "inactiveFlag=false", "fields",
							"id,identifier,primaryEmail,officeEmail,inactiveFlag", "orderBy", "id", "pageSize",
							String.valueOf(pageSize)));
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(new MemberDirectory(invalidSite(ex), List.of()));
		}
		List<ActiveMember> members = new ArrayList<>();
		return memberPage(connection, first, members, 1);
	}

	private Mono<MemberDirectory> memberPage(TenantConnection connection, URI uri, List<ActiveMember> members,
			int page) {
		return exchange(connection, LIST_MEMBERS, HttpMethod.GET, uri, null, true, "/system/members",
				(response, started) -> {
					URI next = nextPage(response.headers().asHttpHeaders().getFirst(HttpHeaders.LINK), uri);
					return read(response, started, (body) -> null, (body) -> {
						for (JsonNode member : body) {
							ActiveMember.of(member).ifPresent(members::add);
						}
						return null;
					}).map((outcome) -> new MemberPage(outcome, next));
				}, (outcome) -> new MemberPage(outcome, null), MemberPage::outcome)
			.flatMap((result) -> {
				if (!result.outcome().succeeded() || result.next() == null || page >= MAX_MEMBER_PAGES) {
					return Mono.just(new MemberDirectory(result.outcome(), List.copyOf(members)));
				}
				return memberPage(connection, result.next(), members, page + 1);
			});
	}

	/** The {@code rel="next"} link, if it points at the same origin as the page read. */
	static URI nextPage(String link, URI current) {
		if (link == null) {
			return null;
		}
		for (String part : link.split(",\\s*(?=<)")) {
			int end = part.indexOf('>');
			if (part.startsWith("<") && end > 0 && part.substring(end).matches(">\\s*;.*rel=\"?next\"?.*")) {
				try {
					// Our keys go with the request: never to another origin than the
					// site's.
					URI next = current.resolve(part.substring(1, end));
					boolean sameOrigin = current.getScheme().equalsIgnoreCase(next.getScheme())
							&& current.getHost().equalsIgnoreCase(String.valueOf(next.getHost()))
							&& current.getPort() == next.getPort();
					return sameOrigin ? next : null;
				}
				catch (IllegalArgumentException ex) {
					return null;
				}
			}
		}
		return null;
	}

	private Mono<CallOutcome> call(TenantConnection connection, String operation, HttpMethod method, String path,
			Object body, Function<JsonNode, Long> recordId, Function<JsonNode, String> detail) {
		return call(connection, operation, method, path, Map.of(), body, recordId, detail);
	}

	private Mono<CallOutcome> call(TenantConnection connection, String operation, HttpMethod method, String path,
			Map<String, String> query, Object body, Function<JsonNode, Long> recordId,
			Function<JsonNode, String> detail) {
		URI uri;
		try {
			uri = withQuery(apiUri(connection, path), query);
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(invalidSite(ex));
		}
		return exchange(connection, operation, method, uri, body, true, path,
				(response, started) -> read(response, started, recordId, detail), Function.identity(),
				Function.identity());
	}

	/**
	 * Sends one request and turns whatever happens into an outcome, logged and timed
	 * ({@code psa.connectwise.calls} by operation, outcome and status).
	 */
	private <T> Mono<T> exchange(TenantConnection connection, String operation, HttpMethod method, URI uri, Object body,
			boolean authenticate, String path, BiFunction<ClientResponse, Long, Mono<T>> read,
			Function<CallOutcome, T> noAnswer, Function<T, CallOutcome> outcomeOf) {
		long started = System.nanoTime();
		WebClient.RequestBodySpec request = this.web.method(method)
			.uri(uri)
			.headers((headers) -> headers(connection, headers, authenticate));
		WebClient.RequestHeadersSpec<?> ready = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
		return ready.exchangeToMono((response) -> read.apply(response, started))
			.onErrorResume((ex) -> Mono.just(noAnswer.apply(noAnswer(ex, method, started))))
			// handle, not doOnNext: Reactor restores the caller's MDC (request and tenant
			// ids)
			// in handle.
			.handle((result, sink) -> {
				CallOutcome outcome = outcomeOf.apply(result);
				log(connection, method, path, outcome);
				this.calls.record(operation, outcome);
				sink.next(result);
			});
	}

	private static CallOutcome invalidSite(IllegalArgumentException ex) {
		return new CallOutcome(Result.PERMANENT_FAILURE, null, null, "InvalidSite", ex.getMessage(), null, false, null,
				Duration.ZERO, null);
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

	private void headers(TenantConnection connection, HttpHeaders headers, boolean authenticate) {
		if (!authenticate) {
			headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
			return;
		}
		String credentials = connection.companyId() + "+" + connection.publicKey() + ":" + connection.privateKey();
		headers.set(HttpHeaders.AUTHORIZATION,
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		headers.set("clientId", this.properties.clientId());
		headers.set(HttpHeaders.ACCEPT, this.properties.acceptHeader());
	}

	URI apiUri(TenantConnection connection, String path) {
		URI origin = origin(connection);
		String codebase = connection.codebase().replaceAll("^/+|/+$", "");
		return URI.create(origin + "/" + codebase + "/apis/3.0" + path);
	}

	private URI origin(TenantConnection connection) {
		URI origin = connection.origin();
		if (!"https".equals(origin.getScheme())
				&& !("http".equals(origin.getScheme()) && this.properties.allowInsecureHttp())) {
			throw new IllegalArgumentException("site " + connection.site()
					+ " is not https (set PSA_CONNECTWISE_ALLOW_INSECURE_HTTP=true for on-premises http)");
		}
		return origin;
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

	private record MemberPage(CallOutcome outcome, URI next) {

	}

}
