package com.psabridge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * WireMock's hook into the simulator: every request passes through here. Latency and
 * commit-then-delay become WireMock fixed delays (served asynchronously, so hundreds of
 * held-back responses hold no Jetty thread) and a reset becomes WireMock's connection
 * fault. A plain delay sleeps before handling instead, so its write lands only when the
 * delay ends.
 */
final class SimulatorTransformer implements ResponseDefinitionTransformerV2 {

	static final String NAME = "connectwise-simulator";

	private final ConnectWiseApi api;

	private final AdminApi admin;

	private final FaultSchedule faults;

	private final CallLog calls;

	private final AtomicLong latencyMillis;

	private volatile Consumer<RecordedCall> listener = (call) -> {
	};

	SimulatorTransformer(ConnectWiseApi api, AdminApi admin, FaultSchedule faults, CallLog calls,
			AtomicLong latencyMillis) {
		this.api = api;
		this.admin = admin;
		this.faults = faults;
		this.calls = calls;
		this.latencyMillis = latencyMillis;
	}

	void onCall(Consumer<RecordedCall> listener) {
		this.listener = listener;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		Instant at = Instant.now();
		SimRequest request = toSimRequest(serveEvent.getRequest());
		if (AdminApi.handles(request.path())) {
			return definition(this.admin.handle(request), 0);
		}
		long delay = this.latencyMillis.get();
		Optional<Fault> fault = this.faults.take(request.method(), request.path());
		SimResponse response;
		if (fault.isEmpty()) {
			response = this.api.handle(request);
		}
		else {
			Fault chosen = fault.get();
			switch (chosen.kind()) {
				case CONNECTION_RESET -> {
					record(request, 0, at);
					return ResponseDefinitionBuilder.responseDefinition()
						.withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)
						.build();
				}
				case STATUS -> response = withRetryAfter(
						new SimResponse(chosen.status(), chosen.body(), chosen.contentType(), Map.of()), chosen)
					.withHeader("x-cw-request-id", UUID.randomUUID().toString());
				case HTML -> response = withRetryAfter(
						new SimResponse(chosen.status(), chosen.body(), chosen.contentType(), Map.of()), chosen);
				case DELAY -> {
					sleep(chosen.delay());
					response = this.api.handle(request);
				}
				case COMMIT_THEN_DELAY -> {
					response = this.api.handle(request);
					delay += chosen.delay().toMillis();
				}
				default -> throw new IllegalStateException("Unknown fault kind " + chosen.kind());
			}
		}
		record(request, response.status(), at);
		return definition(response, delay);
	}

	private void record(SimRequest request, int status, Instant at) {
		RecordedCall call = new RecordedCall(request.method(), request.path(), request.rawQuery(), request.headers(),
				request.body(), status, at);
		this.calls.add(call);
		this.listener.accept(call);
	}

	private static SimResponse withRetryAfter(SimResponse response, Fault fault) {
		return (fault.retryAfter() != null) ? response.withHeader("Retry-After", fault.retryAfter()) : response;
	}

	private static SimRequest toSimRequest(LoggedRequest logged) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (HttpHeader header : logged.getHeaders().all()) {
			headers.putIfAbsent(header.key(), header.firstValue());
		}
		return SimRequest.of(logged.getMethod().getName(), logged.getUrl(), headers, logged.getBodyAsString());
	}

	private static ResponseDefinition definition(SimResponse response, long delayMillis) {
		ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition()
			.withStatus(response.status());
		if (response.body() != null) {
			builder.withBody(response.body());
		}
		if (response.contentType() != null) {
			builder.withHeader("Content-Type", response.contentType());
		}
		response.headers().forEach(builder::withHeader);
		if (delayMillis > 0) {
			builder.withFixedDelay((int) Math.min(delayMillis, Integer.MAX_VALUE));
		}
		return builder.build();
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
