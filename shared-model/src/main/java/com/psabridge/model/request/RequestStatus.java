package com.psabridge.model.request;

/**
 * Where a request is in its delivery (contract §2).
 */
public enum RequestStatus {

	/** Accepted and waiting for a worker. */
	QUEUED,
	/** A worker is calling ConnectWise for it. */
	IN_PROGRESS,
	/** A transient failure; {@code next_retry_at} says when it is due again. */
	RETRY_SCHEDULED,
	/** Written to ConnectWise; {@code connectwise_id} holds the record's id. */
	SUCCEEDED,
	/** A permanent failure or an exhausted retry budget; an operator may replay it. */
	DEAD_LETTERED

}
