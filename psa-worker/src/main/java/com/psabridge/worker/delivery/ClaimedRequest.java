package com.psabridge.worker.delivery;

import java.time.Instant;
import java.util.UUID;

import com.psabridge.model.request.RequestKind;

/**
 * A request this worker has moved to IN_PROGRESS, and so alone delivers now.
 *
 * @param id the request id
 * @param tenantId its tenant
 * @param kind what it writes
 * @param payload the accepted payload as stored
 * @param retryCount retries before this attempt
 * @param connectwiseId the record an earlier attempt already created (a note whose status
 * change is still to do), or null
 * @param writeUnconfirmed whether an earlier write got no answer and may exist in
 * ConnectWise
 * @param acceptedAt when the gateway accepted it
 */
record ClaimedRequest(UUID id, String tenantId, RequestKind kind, String payload, int retryCount, Long connectwiseId,
		boolean writeUnconfirmed, Instant acceptedAt) {

	/** The attempt number this delivery is, counting from 1. */
	int attempt() {
		return this.retryCount + 1;
	}

}
