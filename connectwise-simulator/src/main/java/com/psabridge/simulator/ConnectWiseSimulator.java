package com.psabridge.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * A stateful ConnectWise PSA site on a local port, for tests and local runs only: never a
 * runtime dependency of a service. One instance is one ConnectWise site; start two for
 * tenants that must not share tickets.
 *
 * <pre>
 * try (ConnectWiseSimulator cw = ConnectWiseSimulator.start(0)) {
 *     cw.addCompany("acme", "pub", "priv");
 *     cw.inject(Fault.on("POST", "/.+/notes").retryAfter(429, "3"));
 *     // point the tenant's site at cw.origin(), then read back cw.notes(ticketId)
 * }
 * </pre>
 */
public final class ConnectWiseSimulator implements AutoCloseable {

	/**
	 * The member a write is attributed to when it names none; also its {@code createdBy}.
	 */
	public static final int API_MEMBER_ID = SimulatedSite.API_MEMBER_ID;

	/** The identifier of the API member. */
	public static final String API_MEMBER_IDENTIFIER = SimulatedSite.API_MEMBER_IDENTIFIER;

	private static final int CONTAINER_THREADS = 100;

	private final SimulatedSite site = new SimulatedSite(Clock.systemUTC());

	private final FaultSchedule faults = new FaultSchedule();

	private final CallLog calls = new CallLog();

	private final AtomicLong latencyMillis = new AtomicLong();

	private final String host;

	private final SimulatorTransformer transformer;

	private final WireMockServer server;

	private ConnectWiseSimulator(String bindAddress, int port) {
		this.host = bindAddress.equals("0.0.0.0") ? "127.0.0.1" : bindAddress;
		this.transformer = new SimulatorTransformer(new ConnectWiseApi(this.site, this::origin), new AdminApi(this),
				this.faults, this.calls, this.latencyMillis);
		this.server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress(bindAddress)
			.port(port)
			// HTTP/1.1 only: WireMock cannot inject connection faults into HTTP/2.
			.http2PlainDisabled(true)
			.containerThreads(CONTAINER_THREADS)
			.asynchronousResponseEnabled(true)
			.asynchronousResponseThreads(4)
			// The bounded CallLog records calls; WireMock's journal would grow forever.
			.disableRequestJournal()
			.gzipDisabled(true)
			.useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
			.notifier(new ConsoleNotifier(false))
			.extensions(this.transformer));
	}

	/**
	 * Starts a simulator on 127.0.0.1.
	 * @param port the port, or 0 for a free one
	 */
	public static ConnectWiseSimulator start(int port) {
		return start("127.0.0.1", port);
	}

	static ConnectWiseSimulator start(String bindAddress, int port) {
		ConnectWiseSimulator simulator = new ConnectWiseSimulator(bindAddress, port);
		simulator.server.start();
		simulator.server.stubFor(WireMock.any(WireMock.anyUrl())
			.willReturn(WireMock.aResponse().withTransformers(SimulatorTransformer.NAME)));
		return simulator;
	}

	public int port() {
		return this.server.port();
	}

	/**
	 * What a tenant's {@code site} is set to, e.g. {@code http://127.0.0.1:8090}.
	 */
	public String origin() {
		return "http://" + this.host + ":" + port();
	}

	@Override
	public void close() {
		this.server.stop();
	}

	// accounts

	/**
	 * Accepts {@code Basic base64("{companyId}+{publicKey}:{privateKey}")}; companyinfo
	 * reports codebase {@code v2025_1/} for it.
	 */
	public void addCompany(String companyId, String publicKey, String privateKey) {
		this.site.addCompany(new Company(companyId, publicKey, privateKey));
	}

	/**
	 * Adds or replaces a member; first and last name come from the e-mail's local part.
	 */
	public void addMember(int id, String identifier, String email, boolean inactive) {
		this.site.addMember(Member.of(id, identifier, email, inactive, this.site.now()));
	}

	/**
	 * Adds or replaces a board. Board 1 exists with statuses 1..30.
	 */
	public void addBoard(int boardId, Set<Integer> statusIds) {
		this.site.addBoard(boardId, statusIds);
	}

	/**
	 * Creates (or re-creates) a ticket on a board, in the board's lowest status. Tickets
	 * never added exist on board 1 unless removed.
	 */
	public void addTicket(long ticketId, int boardId) {
		this.site.addTicket(ticketId, boardId);
	}

	/**
	 * From now on the ticket answers 404 NotFound, until added again or reset.
	 */
	public void removeTicket(long ticketId) {
		this.site.removeTicket(ticketId);
	}

	// read-back

	/**
	 * The notes stored on a ticket as ConnectWise returns them, oldest first.
	 */
	public List<JsonNode> notes(long ticketId) {
		return List.copyOf(this.site.notes(ticketId));
	}

	public List<JsonNode> timeEntries() {
		return List.copyOf(this.site.timeEntries());
	}

	public List<JsonNode> callbacks() {
		return List.copyOf(this.site.callbacks());
	}

	/**
	 * Each PATCH body received and applied to the ticket, oldest first; rejected ones are
	 * not here (see {@link #calls()}).
	 */
	public List<JsonNode> ticketPatches(long ticketId) {
		return this.site.existingTicket(ticketId).map(Ticket::patches).orElse(List.of());
	}

	/**
	 * @return the ticket's status id, or {@code null} for a removed ticket
	 */
	public Integer ticketStatusId(long ticketId) {
		return this.site.statusIdOf(ticketId);
	}

	/**
	 * Every call received since start or the last {@link #reset()}, oldest first (the
	 * most recent 100,000 at most; {@code /__sim} calls are not recorded).
	 */
	public List<RecordedCall> calls() {
		return this.calls.all();
	}

	List<RecordedCall> recentCalls(int limit) {
		return this.calls.last(limit);
	}

	// faults

	public void inject(Fault fault) {
		this.faults.add(fault);
	}

	List<ObjectNode> pendingFaults() {
		return this.faults.pending();
	}

	void clearFaults() {
		this.faults.clear();
	}

	/**
	 * Added to every call's response time (benchmarks use 200 ms); {@link Duration#ZERO}
	 * turns it off.
	 */
	public void setLatency(Duration perCall) {
		this.latencyMillis.set(perCall.toMillis());
	}

	Duration latency() {
		return Duration.ofMillis(this.latencyMillis.get());
	}

	/**
	 * Forgets tickets, notes, time entries, callbacks, faults, recorded calls and
	 * latency; keeps companies, members and boards. Record ids keep counting.
	 */
	public void reset() {
		this.site.reset();
		this.faults.clear();
		this.calls.clear();
		this.latencyMillis.set(0);
	}

	/**
	 * Tells the listener about each call as it is answered; used by the application to
	 * log writes.
	 */
	void onCall(Consumer<RecordedCall> listener) {
		this.transformer.onCall(listener);
	}

}
