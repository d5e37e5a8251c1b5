package com.psabridge.model.queue;

/**
 * Names of the request topology and the headers every request message carries. Clients
 * and operators rely on these names (contract §4): never rename them.
 */
public final class RequestQueue {

	/** Direct exchange the gateway publishes accepted requests to. */
	public static final String EXCHANGE = "psa.requests";

	/** The worker's queue and the routing key bound to it. */
	public static final String WORK_QUEUE = "psa.requests.work";

	/** Where unreadable messages and dead letters end up. */
	public static final String DEAD_QUEUE = "psa.requests.dead";

	/** Exchange for dead letters, bound to {@link #DEAD_QUEUE}. */
	public static final String DEAD_LETTER_EXCHANGE = "psa.requests.dlx";

	public static final String HEADER_REQUEST_ID = "request-id";

	public static final String HEADER_TENANT_ID = "tenant-id";

	public static final String HEADER_KIND = "kind";

	private RequestQueue() {
	}

}
