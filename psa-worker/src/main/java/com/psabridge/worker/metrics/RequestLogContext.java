package com.psabridge.worker.metrics;

import java.util.Map;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Puts a delivery's request id and tenant id in the log lines it causes, on whichever
 * thread: the listener writes them into the Reactor context, and Reactor restores them
 * into the MDC in its {@code handle} and {@code tap} operators, where the lines are
 * logged ({@link #log}, and ConnectWiseClient's call log). Not
 * {@code spring.reactor.context-propagation=auto}: restoring the MDC around every
 * operator took a fifth of the worker's CPU (docs/benchmarks.md). Structured logs
 * ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}) then carry {@code requestId} and
 * {@code tenantId} as fields. Ids only: never a payload or a secret.
 */
public final class RequestLogContext {

	public static final String REQUEST_ID = "requestId";

	public static final String TENANT_ID = "tenantId";

	static {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcAccessor(REQUEST_ID));
		ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcAccessor(TENANT_ID));
	}

	private RequestLogContext() {
	}

	/** The context to write on a delivery's {@code Mono}. */
	public static Context of(Object requestId, String tenantId) {
		return Context.of(Map.of(REQUEST_ID, String.valueOf(requestId), TENANT_ID, String.valueOf(tenantId)));
	}

	/**
	 * Logs a line with the ids of the delivery this {@code Mono} belongs to in the MDC.
	 */
	public static Mono<Void> log(Runnable line) {
		return Mono.just(Boolean.TRUE).handle((ignored, sink) -> {
			line.run();
			sink.complete();
		});
	}

	/** One MDC key as a thread-local that Reactor can save and restore. */
	private static final class MdcAccessor implements ThreadLocalAccessor<String> {

		private final String name;

		MdcAccessor(String name) {
			this.name = name;
		}

		@Override
		public Object key() {
			return this.name;
		}

		@Override
		public String getValue() {
			return MDC.get(this.name);
		}

		@Override
		public void setValue(String value) {
			MDC.put(this.name, value);
		}

		@Override
		public void setValue() {
			MDC.remove(this.name);
		}

	}

}
