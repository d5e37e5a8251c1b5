package com.psabridge.worker.delivery;

import org.springframework.r2dbc.core.Parameter;

/**
 * R2DBC needs the type of a null bind value.
 */
final class Parameters {

	private Parameters() {
	}

	static <T> Parameter of(T value, Class<T> type) {
		return Parameter.fromOrEmpty(value, type);
	}

}
