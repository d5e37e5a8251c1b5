package com.psabridge.gateway.problem;

import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;

/**
 * Binds a WebTestClient to controllers with the gateway's problem handling and body size
 * limit, for slice tests that need neither PostgreSQL nor RabbitMQ.
 */
public final class WebSlice {

	public static final DataSize MAX_BODY = DataSize.ofKilobytes(512);

	private WebSlice() {
	}

	public static WebTestClient.ControllerSpec bindToController(Object... controllers) {
		return WebTestClient.bindToController(controllers)
			.controllerAdvice(new ProblemHandler(MAX_BODY))
			.httpMessageCodecs((codecs) -> codecs.defaultCodecs().maxInMemorySize((int) MAX_BODY.toBytes()));
	}

}
