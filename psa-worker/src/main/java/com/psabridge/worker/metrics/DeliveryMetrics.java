package com.psabridge.worker.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.RequestStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Counts how deliveries end, by kind: {@code psa.requests.succeeded},
 * {@code psa.requests.retried} (a retry scheduled after a failed attempt; a request
 * merely put off or parked is not one) and {@code psa.requests.dead.lettered}, and times
 * {@code psa.requests.delivery.latency} from acceptance to success. Every series exists
 * from the start (at zero), so rates and alerts work before the first event.
 */
@Component
public class DeliveryMetrics {

	private final Map<RequestKind, Counter> succeeded = new EnumMap<>(RequestKind.class);

	private final Map<RequestKind, Counter> retried = new EnumMap<>(RequestKind.class);

	private final Map<RequestKind, Counter> deadLettered = new EnumMap<>(RequestKind.class);

	private final Map<RequestKind, Timer> latency = new EnumMap<>(RequestKind.class);

	DeliveryMetrics(MeterRegistry meters) {
		for (RequestKind kind : RequestKind.values()) {
			String tag = kind.name();
			this.succeeded.put(kind,
					Counter.builder("psa.requests.succeeded")
						.description("Requests delivered to ConnectWise")
						.tag("kind", tag)
						.register(meters));
			this.retried.put(kind,
					Counter.builder("psa.requests.retried")
						.description("Retries scheduled after a failed delivery attempt")
						.tag("kind", tag)
						.register(meters));
			this.deadLettered.put(kind,
					Counter.builder("psa.requests.dead.lettered")
						.description("Requests dead-lettered: permanent failure or retries exhausted")
						.tag("kind", tag)
						.register(meters));
			this.latency.put(kind,
					Timer.builder("psa.requests.delivery.latency")
						.description("From acceptance by the gateway to delivery to ConnectWise")
						.tag("kind", tag)
						.register(meters));
		}
	}

	/**
	 * A delivery attempt ended.
	 * @param kind what the request writes
	 * @param status the status it was left in
	 * @param retryScheduled whether a retry was counted (the retry count went up)
	 * @param acceptedAt when the gateway accepted it
	 */
	public void finished(RequestKind kind, RequestStatus status, boolean retryScheduled, Instant acceptedAt) {
		switch (status) {
			case SUCCEEDED -> {
				this.succeeded.get(kind).increment();
				Duration sinceAccepted = Duration.between(acceptedAt, Instant.now());
				this.latency.get(kind).record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
			}
			case DEAD_LETTERED -> this.deadLettered.get(kind).increment();
			case RETRY_SCHEDULED -> {
				if (retryScheduled) {
					this.retried.get(kind).increment();
				}
			}
			default -> {
			}
		}
	}

}
