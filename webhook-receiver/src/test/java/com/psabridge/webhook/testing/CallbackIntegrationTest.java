package com.psabridge.webhook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.psabridge.core.callback.CallbackTokens;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.core.testing.LocalServices;
import com.psabridge.simulator.ConnectWiseSimulator;
import com.psabridge.webhook.WebhookReceiverApplication;
import com.psabridge.webhook.signature.ContentSignature;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * One Spring context for every integration test of the intake, on the real PostgreSQL and
 * RabbitMQ. Around it: the ConnectWise simulator, a "tenant site" that serves
 * ConnectWise's callback signing key and passes every other call on to the simulator, a
 * foreign host that must never be asked for a key, and a consumer of the ticket events.
 * Each test makes its own tenants with random ids.
 */
@AutoConfigureObservability
@SpringBootTest(classes = WebhookReceiverApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "psa.credentials.key=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
				"psa.connectwise.allow-insecure-http=true", "psa.connectwise.client-id=test-client-id",
				"psa.webhook.events.relay-interval=200ms", "psa.webhook.events.broker-backoff=1s",
				"psa.webhook.callbacks.tenant-cache-ttl=" + CallbackIntegrationTest.TENANT_CACHE_TTL })
public abstract class CallbackIntegrationTest {

	/**
	 * How long the receiver remembers a matching token and a connection in these tests.
	 */
	public static final String TENANT_CACHE_TTL = "1s";

	/** What the tenant site's {@code key_url} answers as {@code signing_key}. */
	public static final String SIGNING_KEY = "integration-signing-key";

	protected static final ConnectWiseSimulator simulator = ConnectWiseSimulator.start(0);

	protected static final WireMockServer site = start(true);

	protected static final WireMockServer foreign = start(false);

	protected static final TicketEventCollector events = new TicketEventCollector();

	protected final ObjectMapper json = new ObjectMapper();

	@Autowired
	protected WebTestClient web;

	@Autowired
	protected TenantConnectionRepository connections;

	@Autowired
	protected CallbackTokens tokens;

	@Autowired
	protected DatabaseClient db;

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		LocalServices.register(registry);
	}

	private static WireMockServer start(boolean proxyToSimulator) {
		WireMockServer server = new WireMockServer(
				WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1").containerThreads(50));
		server.start();
		server.stubFor(get(urlPathMatching(".*/system/callbackkey/index\\.rails")).atPriority(1)
			.willReturn(okJson("{\"signing_key\": \"" + SIGNING_KEY + "\"}")));
		if (proxyToSimulator) {
			server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(simulator.origin())));
		}
		return server;
	}

	/**
	 * A tenant connected to the simulator through the tenant site, with a callback token.
	 */
	protected Tenant newTenant(boolean requireSignedCallbacks) {
		String suffix = UUID.randomUUID().toString().substring(0, 13);
		String tenantId = "t-" + suffix;
		String companyId = "co" + suffix.replace("-", "");
		simulator.addCompany(companyId, companyId + "-public", companyId + "-private");
		this.connections
			.save(new TenantConnection(tenantId, site.baseUrl(), companyId, companyId + "-public",
					companyId + "-private", "v2025_1/", "APIMember", requireSignedCallbacks))
			.block(Duration.ofSeconds(10));
		String token = this.tokens.rotate(tenantId, Duration.ZERO).block(Duration.ofSeconds(10));
		return new Tenant(tenantId, token, companyId);
	}

	/** A {@code key_url} on the tenant's own site. */
	protected static String keyUrl(Tenant tenant) {
		return site.baseUrl() + "/v2025_1//system/callbackkey/index.rails?companyName=" + tenant.companyId() + "&id="
				+ UUID.randomUUID();
	}

	/** A service ticket as ConnectWise's callback entity carries it. */
	protected ObjectNode ticketEntity(long ticketId, String summary, int statusId, Instant lastUpdated) {
		ObjectNode ticket = this.json.createObjectNode();
		ticket.put("id", ticketId);
		ticket.put("summary", summary);
		ticket.put("recordType", "ServiceTicket");
		reference(ticket, "board", 1, null, "Service Board").putObject("_info")
			.put("board_href", "https://na.myconnectwise.net/v2025_1//apis/3.0/service/boards/1");
		reference(ticket, "status", statusId, null, "Status " + statusId);
		reference(ticket, "company", 250, "Acme", "Acme Corp");
		reference(ticket, "contact", 57937, null, "Joshua Marvin");
		reference(ticket, "type", 3, null, "Hardware");
		reference(ticket, "subType", 9, null, "Printer");
		reference(ticket, "item", 4, null, "Offline");
		reference(ticket, "priority", 4, null, "Priority 3 - Normal Response").put("sort", 6);
		reference(ticket, "owner", 151, "jdoe", "John Doe");
		ticket.put("closedFlag", false);
		ObjectNode info = ticket.putObject("_info");
		info.put("lastUpdated", lastUpdated.toString());
		info.put("updatedBy", "jdoe");
		return ticket;
	}

	private static ObjectNode reference(ObjectNode ticket, String field, long id, String identifier, String name) {
		ObjectNode reference = ticket.putObject(field);
		reference.put("id", id);
		if (identifier != null) {
			reference.put("identifier", identifier);
		}
		reference.put("name", name);
		return reference;
	}

	/**
	 * A ticket callback in ConnectWise's format: PascalCase envelope, the entity as a
	 * JSON string (null on deletion), the key URL on the tenant's site.
	 */
	protected byte[] ticketCallback(Tenant tenant, String messageId, String action, long ticketId, String memberId,
			ObjectNode entity) {
		return callback(tenant, messageId, "ticket", action, ticketId, memberId, entity, keyUrl(tenant));
	}

	protected byte[] callback(Tenant tenant, String messageId, String type, String action, long recordId,
			String memberId, ObjectNode entity, String keyUrl) {
		try {
			ObjectNode body = this.json.createObjectNode();
			body.put("MessageId", messageId);
			body.put("FromUrl", "127.0.0.1");
			body.put("CompanyId", tenant.companyId());
			body.put("MemberId", memberId);
			body.put("Action", action);
			body.put("Type", type);
			body.put("ID", recordId);
			body.put("ProductInstanceId", "639c96cab2eb560001dd1324");
			body.put("PartnerId", "61ddc2817bcddc0001c74208");
			if (entity != null) {
				body.put("Entity", this.json.writeValueAsString(entity));
			}
			else {
				body.putNull("Entity");
			}
			body.putObject("Metadata").put("key_url", keyUrl);
			body.put("CallbackObjectRecId", 26552);
			return this.json.writeValueAsBytes(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A plain client of the running receiver, for concurrent calls. */
	protected WebClient client() {
		return WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
	}

	/** Posts the body signed with the tenant site's key, as ConnectWise would. */
	protected WebTestClient.ResponseSpec post(Tenant tenant, byte[] body) {
		return post(tenant, body, ContentSignature.sign(SIGNING_KEY, body));
	}

	protected WebTestClient.ResponseSpec post(Tenant tenant, byte[] body, String signature) {
		return this.web.post()
			.uri(tenant.path() + "?recordId=1")
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> {
				if (signature != null) {
					headers.set("x-content-signature", signature);
				}
			})
			.bodyValue(body)
			.exchange();
	}

	/** The inbox row of a message, or null. */
	protected Map<String, Object> inboxRow(String messageId) {
		return this.db.sql("""
				select tenant_id, type, action, record_id, member_id, signature, outcome, note, event_id, routing_key,
				       published_at, octet_length(raw_body) as raw_length
				from psa_callback_inbox where message_id = :messageId""")
			.bind("messageId", messageId)
			.fetch()
			.one()
			.block(Duration.ofSeconds(5));
	}

	protected static Instant at(String time) {
		return OffsetDateTime.parse(time).toInstant();
	}

	/**
	 * A test tenant.
	 *
	 * @param id the tenant id
	 * @param token its callback token
	 * @param companyId its ConnectWise company id
	 */
	public record Tenant(String id, String token, String companyId) {

		public String path() {
			return "/v1/callbacks/connectwise/" + this.id + "/" + this.token;
		}

	}

}
