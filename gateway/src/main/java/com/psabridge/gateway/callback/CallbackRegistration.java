package com.psabridge.gateway.callback;

import java.util.List;
import java.util.Map;

import com.psabridge.core.callback.CallbackTokens;
import com.psabridge.core.connectwise.CallOutcome;
import com.psabridge.core.connectwise.CallbackListing;
import com.psabridge.core.connectwise.ConnectWiseClient;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.gateway.problem.Problems;
import com.psabridge.gateway.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's ticket callback in ConnectWise (contract §5, role {@code admin}):
 * {@code POST} registers it (again: not an error; {@code {"rotateToken": true}} issues a
 * new token and re-registers), {@code GET} lists it, {@code DELETE} removes it and
 * revokes the token. The token is stored hashed, so the URL is shown in full only when
 * registered; a registration that already exists is read back from ConnectWise.
 */
@RestController
@RequestMapping("/v1/tenants/{tenantId}/callbacks")
class CallbackRegistration {

	private static final Logger log = LoggerFactory.getLogger(CallbackRegistration.class);

	private static final String DESCRIPTION = "PSA Bridge ticket events";

	private final CallbackProperties properties;

	private final CallbackTokens tokens;

	private final TenantConnectionRepository connections;

	private final ConnectWiseClient connectWise;

	CallbackRegistration(CallbackProperties properties, CallbackTokens tokens, TenantConnectionRepository connections,
			ConnectWiseClient connectWise) {
		this.properties = properties;
		this.tokens = tokens;
		this.connections = connections;
		this.connectWise = connectWise;
	}

	@PostMapping
	Mono<Registered> register(@PathVariable String tenantId, @RequestBody(required = false) Map<String, Object> body) {
		boolean rotate = body != null && Boolean.TRUE.equals(body.get("rotateToken"));
		return connection(tenantId).flatMap((connection) -> {
			if (rotate) {
				return rotateAndRegister(connection);
			}
			return this.tokens.issueIfAbsent(tenantId)
				.flatMap((token) -> registerUrl(connection, token))
				.switchIfEmpty(Mono.defer(() -> existing(connection).flatMap((found) -> found.isEmpty()
						// A token without a registration (deleted in ConnectWise): start
						// afresh.
						? rotateAndRegister(connection)
						: Mono.just(new Registered(found.get(0).url(), found.get(0).id())))));
		});
	}

	@GetMapping
	Mono<Map<String, List<Listed>>> list(@PathVariable String tenantId) {
		return connection(tenantId).flatMap(this::existing)
			.map((entries) -> Map.of("items", entries.stream()
				.map((entry) -> new Listed(entry.id(), masked(tenantId, entry.url()), entry.level(), entry.inactive()))
				.toList()));
	}

	@DeleteMapping
	Mono<ResponseEntity<Void>> delete(@PathVariable String tenantId) {
		return connection(tenantId).flatMap((connection) -> existing(connection).flatMapMany(Flux::fromIterable)
			.concatMap((entry) -> this.connectWise.deleteCallback(connection, entry.id())
				.flatMap((outcome) -> outcome.succeeded() ? Mono.just(outcome)
						: Mono.error(refused(connection, outcome, "remove the callback"))))
			.then(this.tokens.revoke(tenantId))
			.thenReturn(ResponseEntity.noContent().<Void>build()));
	}

	private Mono<Registered> rotateAndRegister(TenantConnection connection) {
		return this.tokens.rotate(connection.tenantId(), this.properties.rotationGrace())
			.flatMap((token) -> registerUrl(connection, token));
	}

	/**
	 * Registers {@code token}'s URL, then removes the tenant's entries with other tokens.
	 */
	private Mono<Registered> registerUrl(TenantConnection connection, String token) {
		String url = this.properties.callbackUrl(connection.tenantId(), token);
		return this.connectWise.registerTicketCallback(connection, url, DESCRIPTION).flatMap((outcome) -> {
			if (outcome.succeeded() && outcome.recordId() != null) {
				return Mono.just(new Registered(url, outcome.recordId()));
			}
			if (isAlreadyRegistered(outcome)) {
				return existing(connection).flatMap((entries) -> entries.stream()
					.filter((entry) -> entry.url().equals(url))
					.findFirst()
					.map((entry) -> Mono.just(new Registered(url, entry.id())))
					.orElseGet(() -> Mono.error(refused(connection, outcome, "register the callback"))));
			}
			return Mono.error(refused(connection, outcome, "register the callback"));
		})
			.flatMap((registered) -> existing(connection).flatMapMany(Flux::fromIterable)
				.filter((entry) -> !entry.url().equals(url))
				.concatMap((stale) -> this.connectWise.deleteCallback(connection, stale.id()))
				.then(Mono.just(registered)))
			.doOnNext((registered) -> log.info("Tenant {}'s ticket callback is registered in ConnectWise as {}",
					connection.tenantId(), registered.connectwiseCallbackId()));
	}

	private Mono<List<CallbackListing.Entry>> existing(TenantConnection connection) {
		return this.connectWise.ticketCallbacks(connection, this.properties.tenantPrefix(connection.tenantId()))
			.flatMap((listing) -> listing.outcome().succeeded() ? Mono.just(listing.entries())
					: Mono.error(refused(connection, listing.outcome(), "read the callbacks")));
	}

	private Mono<TenantConnection> connection(String tenantId) {
		TenantId.require(tenantId);
		if (!this.properties.configured()) {
			return Mono.error(Problems.exception(Problems.problem(HttpStatus.CONFLICT, Problems.NOT_CONFIGURED,
					"Callbacks not configured",
					"Set PSA_CALLBACK_PUBLIC_URL to the webhook-receiver's public URL before registering callbacks.")));
		}
		return this.connections.findByTenantId(tenantId)
			.switchIfEmpty(Mono.error(() -> Problems.notFound("Tenant " + tenantId
					+ " has no ConnectWise connection: PUT /v1/tenants/" + tenantId + "/connection first.")));
	}

	/**
	 * ConnectWise answers a duplicate registration 400 with the field error
	 * {@code ObjectExists}.
	 */
	static boolean isAlreadyRegistered(CallOutcome outcome) {
		return outcome.httpStatus() != null && outcome.httpStatus() == 400 && outcome.errorMessage() != null
				&& outcome.errorMessage().contains("(ObjectExists)");
	}

	private String masked(String tenantId, String url) {
		String prefix = this.properties.tenantPrefix(tenantId);
		int query = url.indexOf('?');
		return url.startsWith(prefix) ? prefix + "…" + ((query >= 0) ? url.substring(query) : "") : url;
	}

	private static ErrorResponseException refused(TenantConnection connection, CallOutcome outcome, String action) {
		return Problems.exception(Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, Problems.CONNECTWISE_REFUSED,
				"ConnectWise refused", "ConnectWise at " + connection.site() + " did not let PSA Bridge " + action
						+ ": " + outcome.httpStatus() + " " + outcome.errorCode() + " " + outcome.errorMessage()));
	}

	/**
	 * The contract's answer: the full URL (with its token) and ConnectWise's id for it.
	 */
	record Registered(String callbackUrl, long connectwiseCallbackId) {

	}

	/** A registration as listed: the token is not shown. */
	record Listed(long connectwiseCallbackId, String callbackUrl, String level, boolean inactive) {

	}

}
