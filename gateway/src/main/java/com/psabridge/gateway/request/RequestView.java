package com.psabridge.gateway.request;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /v1/tenants/{tenantId}/requests/{requestId}} (contract §1).
 *
 * @param attempts every activity row of the request, oldest first: the acceptance, each
 * ConnectWise call and each status change; left out of the post history's items
 */
record RequestView(UUID requestId, String kind, Long ticketId, String status, Integer retryCount, Instant nextRetryAt,
		LastError lastError, Long connectwiseId, String reference, Instant createdAt, Instant updatedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<Attempt> attempts) {

	RequestView withAttempts(List<Attempt> attempts) {
		return new RequestView(this.requestId, this.kind, this.ticketId, this.status, this.retryCount, this.nextRetryAt,
				this.lastError, this.connectwiseId, this.reference, this.createdAt, this.updatedAt, attempts);
	}

	/**
	 * A page of the post history.
	 *
	 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
	 */
	record Page(List<RequestView> items, String nextCursor) {

	}

	/** {@code psa_request.last_error}, as psa-worker writes it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record LastError(Integer httpStatus, String code, String message) {

	}

	/**
	 * One row of {@code psa_activity_log}.
	 *
	 * @param attempt the delivery attempt it belongs to (0: acceptance)
	 * @param at when it was logged
	 * @param action what was done ({@code ACCEPTED}, {@code POST_NOTE},
	 * {@code STATE_CHANGE}...)
	 * @param outcome how it ended
	 * @param error {@code code: message}, or null
	 */
	record Attempt(Integer attempt, Instant at, String action, String outcome, Integer httpStatus, Long durationMs,
			String error) {

	}

}
