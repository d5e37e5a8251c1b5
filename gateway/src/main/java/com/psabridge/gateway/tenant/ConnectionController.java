package com.psabridge.gateway.tenant;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.core.connectwise.ConnectWiseClient;
import com.psabridge.core.connectwise.ConnectWiseProperties;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.core.tenant.TenantPauses;
import com.psabridge.gateway.problem.JsonFields;
import com.psabridge.gateway.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's ConnectWise connection. A new connection is tried with
 * {@code GET /system/info} before it is stored, so a typo in a key is a 422 now rather
 * than dead letters later. The private key is never answered or logged, and the public
 * key only by its last characters.
 */
@RestController
@RequestMapping("/v1/tenants/{tenantId}/connection")
class ConnectionController {

	private static final Logger log = LoggerFactory.getLogger(ConnectionController.class);

	private static final String DEFAULT_CODEBASE = "v4_6_release";

	private static final Pattern HOST_NAME = Pattern.compile(
			"(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

	private static final Pattern CODEBASE = Pattern.compile("[A-Za-z0-9._-]{1,63}/?");

	private final TenantConnectionRepository connections;

	private final ConnectWiseClient connectWise;

	private final TenantPauses pauses;

	private final boolean allowInsecureHttp;

	ConnectionController(TenantConnectionRepository connections, ConnectWiseClient connectWise, TenantPauses pauses,
			ConnectWiseProperties connectWiseProperties) {
		this.connections = connections;
		this.pauses = pauses;
		this.connectWise = connectWise;
		this.allowInsecureHttp = connectWiseProperties.allowInsecureHttp();
	}

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConnectionView> save(@PathVariable String tenantId, @RequestBody JsonNode body) {
		TenantConnection given = read(tenantId, body);
		boolean codebaseGiven = body.hasNonNull("codebase");
		return verified(given, codebaseGiven).flatMap((tested) -> {
			TenantConnection connection = tested.connection();
			log.info("Tenant {} connected to ConnectWise at {} (company {}, codebase {}, server {})", tenantId,
					connection.site(), connection.companyId(), connection.codebase(), tested.serverVersion());
			return this.connections.save(connection).thenReturn(ConnectionView.of(connection, tested.serverVersion()));
		});
	}

	@GetMapping
	Mono<ConnectionView> find(@PathVariable String tenantId) {
		return stored(tenantId).map((connection) -> ConnectionView.of(connection, null));
	}

	@DeleteMapping
	Mono<ResponseEntity<Void>> delete(@PathVariable String tenantId) {
		TenantId.require(tenantId);
		return this.connections.delete(tenantId)
			.flatMap((deleted) -> deleted ? Mono.just(ResponseEntity.noContent().<Void>build())
					: Mono.error(notConnected(tenantId)));
	}

	@PostMapping("/test")
	Mono<Map<String, Object>> test(@PathVariable String tenantId) {
		return stored(tenantId).flatMap((connection) -> verified(connection, true)
			// A passing test ends a pause after 401/403 (contract §2): the worker
			// wakes the parked requests.
			.flatMap((tested) -> this.pauses.resume(tenantId)
				.thenReturn(
						Map.<String, Object>of("ok", true, "serverVersion", String.valueOf(tested.serverVersion())))));
	}

	/**
	 * Resolves the company on the site ({@code /login/companyinfo}, which also answers
	 * the codebase: used when none was given), then proves the keys with
	 * {@code /system/info}; any refusal is a 422 saying what to fix.
	 */
	private Mono<Tested> verified(TenantConnection connection, boolean codebaseGiven) {
		return this.connectWise.companyInfo(connection).flatMap((company) -> {
			ErrorResponseException companyProblem = ConnectionDiagnosis.companyProblem(connection, company);
			if (companyProblem != null) {
				return Mono.error(companyProblem);
			}
			String companyCodebase = company.succeeded() ? company.detail() : null;
			TenantConnection resolved = (!codebaseGiven && companyCodebase != null && !companyCodebase.isBlank())
					? withCodebase(connection, companyCodebase) : connection;
			return this.connectWise.systemInfo(resolved)
				.flatMap((info) -> info.succeeded() ? Mono.just(new Tested(resolved, info.detail()))
						: Mono.error(ConnectionDiagnosis.keysProblem(resolved, info, companyCodebase)));
		});
	}

	private static TenantConnection withCodebase(TenantConnection connection, String codebase) {
		return new TenantConnection(connection.tenantId(), connection.site(), connection.companyId(),
				connection.publicKey(), connection.privateKey(), codebase, connection.apiMemberIdentifier(),
				connection.requireSignedCallbacks());
	}

	private Mono<TenantConnection> stored(String tenantId) {
		TenantId.require(tenantId);
		return this.connections.findByTenantId(tenantId).switchIfEmpty(Mono.error(() -> notConnected(tenantId)));
	}

	private TenantConnection read(String tenantId, JsonNode body) {
		JsonFields fields = JsonFields.of(body);
		TenantId.check(tenantId, fields);
		String site = fields.requiredText("site", 255);
		String companyId = fields.requiredText("companyId", 128);
		String publicKey = fields.requiredText("publicKey", 128);
		String privateKey = fields.requiredText("privateKey", 256);
		String codebase = fields.optionalText("codebase", 64);
		String apiMemberIdentifier = fields.optionalText("apiMemberIdentifier", 64);
		Boolean requireSignedCallbacks = fields.optionalBoolean("requireSignedCallbacks");
		if (site != null) {
			String problem = siteProblem(site);
			if (problem != null) {
				fields.reject("site", problem);
			}
		}
		if (codebase != null && !CODEBASE.matcher(codebase).matches()) {
			fields.reject("codebase", "must be a codebase such as v4_6_release or v2025_1/");
		}
		fields.validate();
		return new TenantConnection(tenantId, site.endsWith("/") ? site.substring(0, site.length() - 1) : site,
				companyId, publicKey, privateKey, (codebase != null) ? codebase : DEFAULT_CODEBASE, apiMemberIdentifier,
				!Boolean.FALSE.equals(requireSignedCallbacks));
	}

	/** Why {@code site} is not a host name or an http(s) origin, or null if it is one. */
	private String siteProblem(String site) {
		if (HOST_NAME.matcher(site).matches()) {
			return null;
		}
		URI origin;
		try {
			origin = new URI(site);
		}
		catch (URISyntaxException ex) {
			origin = null;
		}
		if (origin == null || origin.getHost() == null || origin.getRawUserInfo() != null
				|| !(origin.getRawPath() == null || origin.getRawPath().isEmpty() || origin.getRawPath().equals("/"))
				|| origin.getRawQuery() != null || origin.getRawFragment() != null
				|| !("https".equals(origin.getScheme()) || "http".equals(origin.getScheme()))) {
			return "must be a host name (api-na.myconnectwise.net) or an origin http(s)://host[:port]";
		}
		if ("http".equals(origin.getScheme()) && !this.allowInsecureHttp) {
			return "must be https: plain http is refused unless PSA_CONNECTWISE_ALLOW_INSECURE_HTTP=true";
		}
		return null;
	}

	private static ErrorResponseException notConnected(String tenantId) {
		return Problems.notFound("Tenant " + tenantId + " has no ConnectWise connection.");
	}

	/** A connection ConnectWise accepted, and the server version it answered. */
	private record Tested(TenantConnection connection, String serverVersion) {

	}

	/**
	 * A connection as answered: no private key, and the public key only by its end.
	 *
	 * @param publicKeyEnding the last 4 characters of a public key of 12 or more
	 * @param serverVersion what ConnectWise answered when the connection was tested now
	 */
	record ConnectionView(String tenantId, String site, String companyId, String publicKeyEnding, String codebase,
			String apiMemberIdentifier, boolean requireSignedCallbacks,
			@JsonInclude(JsonInclude.Include.NON_NULL) String serverVersion) {

		static ConnectionView of(TenantConnection connection, String serverVersion) {
			String publicKey = connection.publicKey();
			return new ConnectionView(connection.tenantId(), connection.site(), connection.companyId(),
					(publicKey.length() >= 12) ? publicKey.substring(publicKey.length() - 4) : null,
					connection.codebase(), connection.apiMemberIdentifier(), connection.requireSignedCallbacks(),
					serverVersion);
		}

	}

}
