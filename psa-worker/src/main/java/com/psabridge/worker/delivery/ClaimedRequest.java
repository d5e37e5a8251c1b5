package com.psabridge.worker.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * @param connectionVersion when the tenant's connection was last saved, or null without
 * one
 * @param activity what this attempt did, written to the activity log together with its
 * outcome (one statement per delivery rather than one per call)
 */
record ClaimedRequest(UUID id, String tenantId, RequestKind kind, String payload, int retryCount, Long connectwiseId,
		boolean writeUnconfirmed, Instant acceptedAt, Instant connectionVersion, List<ActivityEntry> activity) {

	ClaimedRequest(UUID id, String tenantId, RequestKind kind, String payload, int retryCount, Long connectwiseId,
			boolean writeUnconfirmed, Instant acceptedAt, Instant connectionVersion) {
		this(id, tenantId, kind, payload, retryCount, connectwiseId, writeUnconfirmed, acceptedAt, connectionVersion,
				new ArrayList<>());
	}

	void record(ActivityEntry entry) {
		this.activity.add(entry);
	}

	/** The attempt number this delivery is, counting from 1. */
	int attempt() {
		return this.retryCount + 1;
	}

}
