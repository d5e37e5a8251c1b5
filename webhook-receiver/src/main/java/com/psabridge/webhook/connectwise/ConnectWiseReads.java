package com.psabridge.webhook.connectwise;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.connectwise.ConnectWiseProperties;
import com.psabridge.core.tenant.TenantConnection;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The ConnectWise reads a callback may need before it is answered: the signing key behind
 * {@code Metadata.key_url}, the ticket when the callback's entity is partial, and the
 * ticket's first description. They are not in pipeline-core's {@code ConnectWiseClient}
 * because their limits differ: seconds, not a minute, as ConnectWise is waiting for our
 * answer, and a small size cap, never a redirect.
 */
@Component
public class ConnectWiseReads {

	private static final Logger logger = LoggerFactory.getLogger(ConnectWiseReads.class);

	private final WebClient keys;

	private final WebClient tickets;

	private final ConnectWiseProperties connectWise;

	private final ConnectWiseReadProperties properties;

	private final ObjectMapper json;

	ConnectWiseReads(WebClient.Builder builder, ConnectWiseProperties connectWise, ConnectWiseReadProperties properties,
			ObjectMapper json) {
		this.keys = client(builder, properties.keyTimeout(), properties.keyMaxSize().toBytes());
		this.tickets = client(builder, properties.ticketTimeout(), properties.ticketMaxSize().toBytes());
		this.connectWise = connectWise;
		this.properties = properties;
		this.json = json;
	}

	private static WebClient client(WebClient.Builder builder, Duration timeout, long maxBytes) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
			.responseTimeout(timeout)
			// A redirect could lead the key fetch (and our credentials) anywhere.
			.followRedirect(false);
		return builder.clone()
			.clientConnector(new ReactorClientHttpConnector(http))
			.exchangeStrategies(ExchangeStrategies.builder()
				.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize((int) maxBytes))
				.build())
			.build();
	}

	/**
	 * {@code GET key_url} answering {@code {"signing_key": "..."}}: first with the
	 * tenant's credentials and {@code clientId}, then without, as public implementations
	 * disagree on whether ConnectWise wants them. The caller has checked the URL's host.
	 */
	public Mono<String> signingKey(TenantConnection connection, URI keyUrl) {
		// Only a refusal is worth a second try: after a timeout the 2 s are already
		// spent.
		return fetchKey(keyUrl, connection)
			.onErrorResume((ex) -> ex instanceof ConnectWiseReadException refused && refused.answered(), (refused) -> {
				logger.debug("Signing key fetch with credentials refused ({}); trying without", refused.getMessage());
				return fetchKey(keyUrl, null);
			});
	}

	private Mono<String> fetchKey(URI keyUrl, TenantConnection credentials) {
		return this.keys.get().uri(keyUrl).headers((headers) -> {
			headers.set(HttpHeaders.ACCEPT, "application/json");
			if (credentials != null) {
				authorise(credentials, headers);
			}
		})
			.exchangeToMono((response) -> read(response, "signing key"))
			.timeout(this.properties.keyTimeout())
			.onErrorMap((ex) -> !(ex instanceof ConnectWiseReadException), ConnectWiseReads::noAnswer)
			.flatMap((body) -> {
				JsonNode key = body.get("signing_key");
				if (key == null || !key.isTextual() || key.asText().isEmpty()) {
					return Mono.error(new ConnectWiseReadException("the answer has no signing_key", true));
				}
				return Mono.just(key.asText());
			});
	}

	/** {@code GET /service/tickets/{id}}. */
	public Mono<TicketState> ticket(TenantConnection connection, long ticketId) {
		return get(connection, "/service/tickets/" + ticketId).map(TicketState::of);
	}

	/**
	 * The text of the ticket's first description note: ConnectWise never returns
	 * {@code initialDescription} on a ticket, but keeps it as that note. Empty when there
	 * is none.
	 */
	public Mono<String> initialDescription(TenantConnection connection, long ticketId) {
		return get(connection, "/service/tickets/" + ticketId + "/notes", "conditions", "detailDescriptionFlag=true",
				"orderBy", "id asc", "pageSize", "1")
			.flatMap((notes) -> {
				JsonNode text = notes.path(0).get("text");
				return (text != null && text.isTextual()) ? Mono.just(text.asText()) : Mono.empty();
			});
	}

	private Mono<JsonNode> get(TenantConnection connection, String path, String... query) {
		URI uri;
		try {
			uri = apiUri(connection, path, query);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new ConnectWiseReadException(ex.getMessage(), false));
		}
		return this.tickets.get().uri(uri).headers((headers) -> {
			authorise(connection, headers);
			headers.set(HttpHeaders.ACCEPT,
					"application/vnd.connectwise.com+json; version=" + this.connectWise.apiVersion());
		})
			.exchangeToMono((response) -> read(response, path))
			.timeout(this.properties.ticketTimeout())
			.onErrorMap((ex) -> !(ex instanceof ConnectWiseReadException), ConnectWiseReads::noAnswer);
	}

	private Mono<JsonNode> read(ClientResponse response, String what) {
		int status = response.statusCode().value();
		if (status < 200 || status > 299) {
			String requestId = response.headers().asHttpHeaders().getFirst("x-cw-request-id");
			return response.releaseBody()
				.then(Mono.error(new ConnectWiseReadException("ConnectWise answered HTTP " + status + " to the " + what
						+ " read" + ((requestId != null) ? " (x-cw-request-id " + requestId + ")" : ""), true)));
		}
		return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap((bytes) -> {
			try {
				JsonNode body = this.json.readTree(bytes);
				return (body != null) ? Mono.just(body)
						: Mono.error(new ConnectWiseReadException("empty answer", true));
			}
			catch (java.io.IOException ex) {
				return Mono.error(new ConnectWiseReadException("the answer is not JSON", true));
			}
		});
	}

	private static Throwable noAnswer(Throwable ex) {
		if (ex instanceof DataBufferLimitException || ex.getCause() instanceof DataBufferLimitException) {
			return new ConnectWiseReadException("the answer is larger than allowed", true);
		}
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return new ConnectWiseReadException("no answer: " + cause.getClass().getSimpleName(), false);
	}

	private void authorise(TenantConnection connection, HttpHeaders headers) {
		String credentials = connection.companyId() + "+" + connection.publicKey() + ":" + connection.privateKey();
		headers.set(HttpHeaders.AUTHORIZATION,
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		if (this.connectWise.clientId() != null && !this.connectWise.clientId().isBlank()) {
			headers.set("clientId", this.connectWise.clientId());
		}
	}

	private URI apiUri(TenantConnection connection, String path, String... query) {
		URI origin = connection.origin();
		if (!"https".equals(origin.getScheme())
				&& !("http".equals(origin.getScheme()) && this.connectWise.allowInsecureHttp())) {
			throw new IllegalArgumentException("the tenant's site is not https");
		}
		String codebase = connection.codebase().replaceAll("^/+|/+$", "");
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(origin + "/" + codebase + "/apis/3.0" + path);
		for (int i = 0; i + 1 < query.length; i += 2) {
			uri.queryParam(query[i], query[i + 1]);
		}
		return uri.encode().build().toUri();
	}

}
