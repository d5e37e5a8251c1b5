package com.psabridge.webhook.callback;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.psabridge.webhook.signature.SignatureRejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/callbacks/connectwise/{tenantId}/{callbackToken}} with any query string
 * (ConnectWise appends the record id to the registered URL). The token is checked before
 * the body is read, and the body is read as raw bytes, capped, because the signature is
 * over exactly those bytes.
 */
@RestController
class CallbackController {

	static final String SIGNATURE_HEADER = "x-content-signature";

	private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private final CallbackTenants tenants;

	private final CallbackIntake intake;

	private final CallbackProperties properties;

	private final MeterRegistry meters;

	CallbackController(CallbackTenants tenants, CallbackIntake intake, CallbackProperties properties,
			MeterRegistry meters) {
		this.tenants = tenants;
		this.intake = intake;
		this.properties = properties;
		this.meters = meters;
		// Every outcome is exported from the start, so rates and alerts see a zero, not a
		// gap.
		for (CallbackReceipt.Outcome outcome : CallbackReceipt.Outcome.values()) {
			counter(outcome.name());
		}
		for (String refusal : List.of("NOT_A_CALLBACK", "UNAUTHORIZED", "BODY_TOO_LARGE", "SIGNATURE_REJECTED",
				"ERROR")) {
			counter(refusal);
		}
	}

	@PostMapping("/v1/callbacks/connectwise/{tenantId}/{callbackToken}")
	Mono<CallbackReceipt> receive(@PathVariable String tenantId, @PathVariable String callbackToken,
			ServerHttpRequest request) {
		long maxBytes = this.properties.maxBodySize().toBytes();
		Mono<CallbackReceipt> receipt;
		if (request.getHeaders().getContentLength() > maxBytes) {
			receipt = Mono.error(CallbackRejected.tooLarge(maxBytes));
		}
		else {
			Mono<Boolean> known = TENANT_ID.matcher(tenantId).matches()
					? this.tenants.tokenMatches(tenantId, callbackToken) : Mono.just(false);
			receipt = known
				.flatMap((matches) -> matches ? body(request, maxBytes)
						: Mono.error(CallbackRejected.unauthorized("Unknown tenant or wrong callback token.")))
				.flatMap((body) -> this.intake.receive(tenantId, body, request.getHeaders().getFirst(SIGNATURE_HEADER),
						request.getQueryParams().getFirst("recordId")));
		}
		return receipt.timeout(this.properties.answerTimeout())
			.doOnNext((answer) -> count(answer.outcome().name()))
			.doOnError((ex) -> count(reason(ex)));
	}

	/**
	 * The raw body, refused once it grows past the limit. Each buffer is copied and
	 * released here exactly once; a body that is too large stops being read at once.
	 * ({@code DataBufferUtils.join} with a limit released the overflowing buffer a second
	 * time under Reactor Netty, which closed the connection instead of answering 413.)
	 */
	private static Mono<byte[]> body(ServerHttpRequest request, long maxBytes) {
		AtomicLong size = new AtomicLong();
		return request.getBody().<byte[]>handle((buffer, sink) -> {
			try {
				int length = buffer.readableByteCount();
				if (size.addAndGet(length) > maxBytes) {
					sink.error(CallbackRejected.tooLarge(maxBytes));
					return;
				}
				byte[] chunk = new byte[length];
				buffer.read(chunk);
				sink.next(chunk);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		})
			.collect(ByteArrayOutputStream::new, ByteArrayOutputStream::writeBytes)
			.flatMap((out) -> (out.size() > 0) ? Mono.just(out.toByteArray())
					: Mono.error(CallbackRejected.malformed("The body is empty.")));
	}

	private static String reason(Throwable ex) {
		if (ex instanceof CallbackRejected rejected) {
			return rejected.problem().toUpperCase(Locale.ROOT).replace('-', '_');
		}
		return (ex instanceof SignatureRejected) ? "SIGNATURE_REJECTED" : "ERROR";
	}

	private void count(String outcome) {
		counter(outcome).increment();
	}

	private Counter counter(String outcome) {
		return Counter.builder("psa.callbacks.received")
			.description("ConnectWise callbacks received, by outcome")
			.tag("outcome", outcome.toLowerCase(Locale.ROOT))
			.register(this.meters);
	}

}
