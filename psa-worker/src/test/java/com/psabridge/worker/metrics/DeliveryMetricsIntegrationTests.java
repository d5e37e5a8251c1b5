package com.psabridge.worker.metrics;

import java.time.Duration;
import java.util.UUID;

import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.TicketNote;
import com.psabridge.simulator.Fault;
import com.psabridge.worker.WorkerIntegrationTests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery counters and the latency histogram move with real deliveries. Other tests'
 * deliveries share the registry, so each assertion is "at least one more".
 */
class DeliveryMetricsIntegrationTests extends WorkerIntegrationTests {

	@Autowired
	private MeterRegistry meters;

	@Test
	void countsADeliveredNoteAndTimesItFromAcceptance() {
		double delivered = counter("psa.requests.succeeded");
		long timed = this.meters.get("psa.requests.delivery.latency").tag("kind", "TICKET_NOTE").timer().count();
		UUID id = accept(connectedTenant(), note(newTicketId()));

		awaitStatus(id, RequestStatus.SUCCEEDED);

		assertThat(counter("psa.requests.succeeded")).isGreaterThanOrEqualTo(delivered + 1);
		assertThat(this.meters.get("psa.requests.delivery.latency").tag("kind", "TICKET_NOTE").timer().count())
			.isGreaterThanOrEqualTo(timed + 1);
	}

	@Test
	void countsARetryButNotAPutOff() {
		double retried = counter("psa.requests.retried");
		long ticketId = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + ticketId + "/notes")
			.status(503, "{\"code\":\"ConnectWiseApi\",\"message\":\"down\"}", "application/json"));
		UUID id = accept(connectedTenant(), note(ticketId));

		awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(counter("psa.requests.retried")).isGreaterThanOrEqualTo(retried + 1);
	}

	@Test
	void countsADeadLetter() {
		double deadLettered = counter("psa.requests.dead.lettered");
		long ticketId = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + ticketId + "/notes")
			.status(400, "{\"code\":\"InvalidObject\",\"message\":\"invalid\"}", "application/json"));
		UUID id = accept(connectedTenant(), note(ticketId));

		awaitStatus(id, RequestStatus.DEAD_LETTERED);

		assertThat(counter("psa.requests.dead.lettered")).isGreaterThanOrEqualTo(deadLettered + 1);
	}

	@Test
	void timesConnectWiseCallsByOperationAndOutcome() {
		UUID id = accept(connectedTenant(), note(newTicketId()));
		awaitStatus(id, RequestStatus.SUCCEEDED);
		assertThat(this.meters.get("psa.connectwise.calls")
			.tags("operation", "POST_NOTE", "outcome", "SUCCEEDED", "status", "201")
			.timer()
			.count()).isPositive();
	}

	private double counter(String name) {
		return this.meters.get(name).tag("kind", "TICKET_NOTE").counter().count();
	}

	static TicketNote note(long ticketId) {
		return new TicketNote(ticketId, "metrics " + ticketId, NoteType.INTERNAL_ANALYSIS, NoteVisibility.INTERNAL,
				"u-42", null, null);
	}

}
