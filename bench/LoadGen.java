import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of bench/run.sh: a separate process that posts ticket notes to the
 * gateway. Run with the JDK's source launcher, no build: {@code java bench/LoadGen.java MODE --key value ...}.
 *
 * <ul>
 * <li>{@code closed}: {@code --concurrency} connections, each sends its next request when
 * the previous one is answered, for {@code --warmup} (not counted) plus {@code --duration}
 * seconds, or until {@code --count} requests were accepted. Measures the sustained rate.</li>
 * <li>{@code open}: requests sent at a fixed {@code --rate} per second whatever the answers,
 * over at most {@code --connections} (64) connections
 * (wrk2-style); each answer time is counted from the moment the request was due, so a
 * stall is not hidden (no coordinated omission). {@code --accepted FILE} writes
 * "ticketId epochMicros" of each 202 as the client received it.</li>
 * <li>{@code overhead}: reads such a file and the simulator's recorded calls
 * ({@code --sim ORIGIN}) and reports accept → first ConnectWise call per ticket.</li>
 * </ul>
 * Prints one line of {@code key=value} pairs (times in milliseconds).
 */
public class LoadGen {

	public static void main(String[] args) throws Exception {
		Map<String, String> opts = options(args);
		switch (args[0]) {
			case "closed" -> closed(opts);
			case "open" -> open(opts);
			case "overhead" -> overhead(opts);
			case "callbacks" -> callbacks(opts);
			default -> throw new IllegalArgumentException("mode: closed | open | overhead | callbacks");
		}
		// The HTTP client's threads are not daemons.
		System.exit(0);
	}

	// ---------------------------------------------------------------- requests

	static final class Target {

		final Endpoint endpoint;

		final String key;

		final String[] tenants;

		final String text;

		final AtomicLong ticket;

		final String runId = Long.toString(System.currentTimeMillis(), 36);

		Target(Map<String, String> o) {
			this.endpoint = new Endpoint(URI.create(o.getOrDefault("base", "http://127.0.0.1:18080")));
			this.key = o.getOrDefault("key", "bench-admin-key");
			this.tenants = o.getOrDefault("tenants", "bench-t01").split(",");
			this.ticket = new AtomicLong(Long.parseLong(o.getOrDefault("ticket-base", "1000000")));
			int size = Integer.parseInt(o.getOrDefault("text-size", "700"));
			StringBuilder text = new StringBuilder("Bench note. ");
			while (text.length() < size) {
				text.append("Reset the VPN profile, cleared the cached credentials and rebooted the laptop. ");
			}
			this.text = text.substring(0, size);
		}

		/** A new note on a ticket of its own (no ticket-order waits), round robin over tenants. */
		byte[] next(long[] ticketOut) {
			long ticket = this.ticket.getAndIncrement();
			ticketOut[0] = ticket;
			String tenant = this.tenants[(int) (ticket % this.tenants.length)];
			String body = "{\"ticketId\":" + ticket + ",\"text\":\"" + this.text + " #" + ticket
					+ "\",\"noteType\":\"INTERNAL_ANALYSIS\",\"visibility\":\"INTERNAL\",\"userId\":\"u-42\","
					+ "\"reference\":\"bench-" + ticket + "\"}";
			return this.endpoint.post("/v1/tenants/" + tenant + "/ticket-notes", body.getBytes(StandardCharsets.UTF_8),
					"Authorization: Bearer " + this.key, "Idempotency-Key: bench-" + this.runId + "-" + ticket);
		}

	}

	// ---------------------------------------------------------------- the wire

	/**
	 * Where requests go, and how one is written. The load is sent over plain sockets, one
	 * keep-alive HTTP/1.1 connection per sending thread: the JDK's HttpClient took 0.38 ms
	 * of CPU per request (docs/benchmarks.md), on the two cores the services use too, and
	 * its lag then showed up as the services' latency.
	 */
	record Endpoint(URI uri) {

		byte[] post(String path, byte[] body, String... headers) {
			StringBuilder head = new StringBuilder(256).append("POST ")
				.append(path)
				.append(" HTTP/1.1\r\nHost: ")
				.append(this.uri.getHost())
				.append(':')
				.append(this.uri.getPort())
				.append("\r\nContent-Type: application/json\r\nContent-Length: ")
				.append(body.length)
				.append("\r\n");
			for (String header : headers) {
				head.append(header).append("\r\n");
			}
			byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
			byte[] request = Arrays.copyOf(start, start.length + body.length);
			System.arraycopy(body, 0, request, start.length, body.length);
			return request;
		}

		Connection connect() {
			return new Connection(this);
		}

	}

	/** An answer: its status, and its body when asked for. */
	record Answer(int status, String body) {

	}

	/** One keep-alive connection, opened on first use and again after the server closed it. */
	static final class Connection implements AutoCloseable {

		private final Endpoint endpoint;

		private java.net.Socket socket;

		private java.io.BufferedInputStream in;

		private java.io.OutputStream out;

		Connection(Endpoint endpoint) {
			this.endpoint = endpoint;
		}

		/**
		 * Sends the request and names what came of it: the status (with the body's
		 * {@code outcome} when kept), or the exception.
		 */
		String outcome(byte[] request, boolean keepBody) {
			try {
				return LoadGen.outcome(exchange(request, keepBody), null);
			}
			catch (IOException | RuntimeException ex) {
				return LoadGen.outcome(null, ex);
			}
		}

		Answer exchange(byte[] request, boolean keepBody) throws IOException {
			if (this.socket == null) {
				this.socket = new java.net.Socket();
				this.socket.setTcpNoDelay(true);
				this.socket.connect(new java.net.InetSocketAddress(this.endpoint.uri().getHost(),
						this.endpoint.uri().getPort()), 5000);
				this.socket.setSoTimeout(30_000);
				this.in = new java.io.BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
				this.out = this.socket.getOutputStream();
			}
			try {
				this.out.write(request);
				this.out.flush();
				return read(keepBody);
			}
			catch (IOException ex) {
				close();
				throw ex;
			}
		}

		private Answer read(boolean keepBody) throws IOException {
			String statusLine = line();
			if (statusLine == null || statusLine.length() < 12) {
				throw new java.io.EOFException("connection closed before an answer");
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean closing = false;
			String header;
			while ((header = line()) != null && !header.isEmpty()) {
				int colon = header.indexOf(':');
				String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(java.util.Locale.ROOT);
				String value = header.substring(colon + 1).trim();
				switch (name) {
					case "content-length" -> length = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
					case "connection" -> closing = value.equalsIgnoreCase("close");
					default -> {
					}
				}
			}
			java.io.ByteArrayOutputStream body = keepBody ? new java.io.ByteArrayOutputStream() : null;
			if (chunked) {
				long size;
				while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
					copy(size, body);
					line();
				}
				while ((header = line()) != null && !header.isEmpty()) {
					// trailers
				}
			}
			else if (length > 0) {
				copy(length, body);
			}
			if (closing) {
				close();
			}
			return new Answer(status, (body != null) ? body.toString(StandardCharsets.UTF_8) : null);
		}

		private void copy(long size, java.io.ByteArrayOutputStream to) throws IOException {
			byte[] buffer = new byte[(int) Math.min(size, 8192)];
			while (size > 0) {
				int n = this.in.read(buffer, 0, (int) Math.min(size, buffer.length));
				if (n < 0) {
					throw new java.io.EOFException("connection closed inside a body");
				}
				if (to != null) {
					to.write(buffer, 0, n);
				}
				size -= n;
			}
		}

		/** A header line without its CRLF; null at the end of the stream. */
		private String line() throws IOException {
			StringBuilder line = new StringBuilder(64);
			int c;
			while ((c = this.in.read()) >= 0) {
				if (c == '\n') {
					int last = line.length() - 1;
					return (last >= 0 && line.charAt(last) == '\r') ? line.substring(0, last) : line.toString();
				}
				line.append((char) c);
			}
			return (line.length() > 0) ? line.toString() : null;
		}

		@Override
		public void close() {
			if (this.socket != null) {
				try {
					this.socket.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
			this.socket = null;
		}

	}

	/** Answer times in nanoseconds and outcomes of the counted requests. */
	static final class Stats {

		final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

		final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

		/** 202s per whole second of the measured window, by the second they were answered in. */
		final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();

		final long countFrom;

		final long end;

		/** The status that counts as accepted: 202 for requests, 200 for callbacks. */
		String ok = "202";

		Stats(long countFrom, long end) {
			this.countFrom = countFrom;
			this.end = end;
		}

		void record(String outcome, long latencyNanos, boolean counted, long doneNanos) {
			if (!counted) {
				return;
			}
			this.outcomes.computeIfAbsent(outcome, (k) -> new AtomicLong()).incrementAndGet();
			if (outcome.startsWith(this.ok)) {
				this.nanos.add(latencyNanos);
				this.perSecond.computeIfAbsent((doneNanos - this.countFrom) / 1_000_000_000L, (k) -> new AtomicLong())
					.incrementAndGet();
			}
		}

		/** The median of the per-second counts over the whole seconds of the window. */
		double medianPerSecond() {
			long seconds = (this.end - this.countFrom) / 1_000_000_000L;
			if (seconds <= 0) {
				return 0;
			}
			long[] counts = new long[(int) seconds];
			for (int i = 0; i < seconds; i++) {
				AtomicLong n = this.perSecond.get((long) i);
				counts[i] = (n != null) ? n.get() : 0;
			}
			Arrays.sort(counts);
			return (seconds % 2 == 1) ? counts[(int) (seconds / 2)]
					: (counts[(int) (seconds / 2) - 1] + counts[(int) (seconds / 2)]) / 2.0;
		}

		long accepted() {
			return this.outcomes.entrySet()
				.stream()
				.filter((e) -> e.getKey().startsWith(this.ok))
				.mapToLong((e) -> e.getValue().get())
				.sum();
		}

		String summary(double seconds) {
			long[] sorted = this.nanos.stream().mapToLong(Long::longValue).sorted().toArray();
			StringBuilder line = new StringBuilder();
			line.append(String.format("accepted=%d rate=%.1f rate_median=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f", sorted.length,
					sorted.length / seconds, medianPerSecond(), ms(pct(sorted, 0.50)), ms(pct(sorted, 0.90)), ms(pct(sorted, 0.99)),
					ms((sorted.length > 0) ? sorted[sorted.length - 1] : 0)));
			long other = this.outcomes.entrySet()
				.stream()
				.filter((e) -> !e.getKey().startsWith(this.ok))
				.mapToLong((e) -> e.getValue().get())
				.sum();
			line.append(" errors=").append(other);
			this.outcomes.forEach((k, v) -> line.append(k.startsWith(this.ok) ? " ok_" : " err_")
				.append(k.replaceAll("[^A-Za-z0-9]", "_"))
				.append('=')
				.append(v.get()));
			line.append(String.format(" loadgen_cpu_ms=%d",
					TimeUnit.NANOSECONDS.toMillis(((com.sun.management.OperatingSystemMXBean) ManagementFactory
						.getOperatingSystemMXBean()).getProcessCpuTime())));
			return line.toString();
		}

	}

	static String outcome(Answer answer, Throwable error) {
		if (error != null) {
			return error.getClass().getSimpleName();
		}
		String outcome = Integer.toString(answer.status());
		if (answer.body() != null) {
			Matcher named = OUTCOME.matcher(answer.body());
			outcome = named.find() ? outcome + "_" + named.group(1) : outcome;
		}
		return outcome;
	}

	// ------------------------------------------------------------------ closed

	static void closed(Map<String, String> o) throws Exception {
		Target target = new Target(o);
		int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "16"));
		long warmup = seconds(o.getOrDefault("warmup", "0"));
		long duration = seconds(o.getOrDefault("duration", "15"));
		long count = Long.parseLong(o.getOrDefault("count", "0"));
		long start = System.nanoTime();
		long countFrom = start + warmup;
		long end = countFrom + duration;
		Stats stats = new Stats(countFrom, (count > 0) ? countFrom : end);
		AtomicLong issued = new AtomicLong();
		Thread[] threads = new Thread[concurrency];
		for (int i = 0; i < concurrency; i++) {
			threads[i] = new Thread(() -> {
				long[] ticket = new long[1];
				try (Connection connection = target.endpoint.connect()) {
					while (true) {
						long now = System.nanoTime();
						if (count > 0 ? issued.incrementAndGet() > count : now >= end) {
							return;
						}
						String outcome = connection.outcome(target.next(ticket), false);
						long done = System.nanoTime();
						boolean counted = count > 0 || (now >= countFrom && done <= end);
						stats.record(outcome, done - now, counted, done);
					}
				}
			}, "closed-" + i);
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (count > 0) ? (System.nanoTime() - start) / 1e9 : duration / 1e9;
		System.out.println("mode=closed concurrency=" + concurrency + " " + stats.summary(seconds));
	}

	// -------------------------------------------------------------------- open

	static void open(Map<String, String> o) throws Exception {
		Target target = new Target(o);
		openLoop(o, target.endpoint, target::next, "202", false, "open");
	}

	interface Requests {

		byte[] next(long[] ticketOut);

	}

	/**
	 * Request {@code i} is due at {@code start + i / rate}. Each of {@code --connections}
	 * (64) sending threads, one connection each, takes the next request, waits until it is
	 * due, sends it and waits for the answer, as wrk2 holds its connections: a request
	 * that finds every connection busy still counts its time from when it was due.
	 */
	static void openLoop(Map<String, String> o, Endpoint endpoint, Requests requests, String ok, boolean keepBodies,
			String mode) throws Exception {
		double rate = Double.parseDouble(o.getOrDefault("rate", "100"));
		long warmup = seconds(o.getOrDefault("warmup", "0"));
		long duration = seconds(o.getOrDefault("duration", "15"));
		String acceptedFile = o.get("accepted");
		ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
		double period = 1e9 / rate;
		long start = System.nanoTime() + 50_000_000L;
		long countFrom = start + warmup;
		long end = countFrom + duration;
		Stats stats = new Stats(countFrom, end);
		stats.ok = ok;
		AtomicLong next = new AtomicLong();
		// Late because the thread was woken late (the generator's own lag), not because
		// its connection was still waiting for an answer.
		AtomicLong maxWakeLate = new AtomicLong();
		Thread[] senders = new Thread[Integer.parseInt(o.getOrDefault("connections", "64"))];
		for (int t = 0; t < senders.length; t++) {
			senders[t] = new Thread(() -> {
				long[] ticket = new long[1];
				try (Connection connection = endpoint.connect()) {
					while (true) {
						long due = start + (long) (next.getAndIncrement() * period);
						if (due >= end) {
							return;
						}
						long now = System.nanoTime();
						if (now < due) {
							while ((now = System.nanoTime()) < due) {
								LockSupport.parkNanos(due - now);
							}
							maxWakeLate.accumulateAndGet(now - due, Math::max);
						}
						boolean counted = due >= countFrom;
						String outcome = connection.outcome(requests.next(ticket), keepBodies);
						long done = System.nanoTime();
						stats.record(outcome, done - due, counted, done);
						if (counted && acceptedFile != null && outcome.equals("202")) {
							Instant at = Instant.now();
							accepted.add(ticket[0] + " " + (at.getEpochSecond() * 1_000_000L + at.getNano() / 1000));
						}
					}
				}
			}, mode + "-" + t);
			senders[t].start();
		}
		for (Thread sender : senders) {
			sender.join();
		}
		if (acceptedFile != null) {
			try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(acceptedFile)))) {
				accepted.forEach(out::println);
			}
		}
		System.out.println(String.format("mode=" + mode + " target_rate=%.1f sender_max_behind_ms=%.1f ", rate,
				maxWakeLate.get() / 1e6) + stats.summary(duration / 1e9));
	}

	// --------------------------------------------------------------- callbacks

	private static final Pattern OUTCOME = Pattern.compile("\"outcome\"\\s*:\\s*\"(\\w+)\"");

	/**
	 * Signed ConnectWise ticket callbacks at a fixed rate to {@code --url} (the registered
	 * callback URL, ending in {@code ?recordId=}), over {@code --tickets} tickets with
	 * increasing {@code _info.lastUpdated}, each with a complete entity (no ConnectWise
	 * read). The signing key is served at {@code --key-url}; it is fetched once and cached
	 * by the receiver.
	 */
	static void callbacks(Map<String, String> o) throws Exception {
		String url = o.get("url");
		URI callbackUri = URI.create(url);
		Endpoint endpoint = new Endpoint(callbackUri);
		String path = callbackUri.getRawPath() + "?" + callbackUri.getRawQuery();
		String keyUrl = o.get("key-url");
		int tickets = Integer.parseInt(o.getOrDefault("tickets", "200"));
		// A run of its own tickets: the clock below starts at now, so a later run on the tickets of an earlier
		// one (a warm-up) would send only updates older than the snapshots, all answered STALE.
		long ticketBase = Long.parseLong(o.getOrDefault("ticket-base", "900000"));
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec(java.security.MessageDigest.getInstance("SHA-256")
			.digest(o.getOrDefault("signing-key", "bench-signing-key").getBytes(StandardCharsets.UTF_8)),
				"HmacSHA256"));
		AtomicLong clock = new AtomicLong(Instant.now().getEpochSecond());
		AtomicLong sequence = new AtomicLong();
		Requests requests = (ticketOut) -> {
			long n = sequence.getAndIncrement();
			long ticket = ticketBase + (n % tickets);
			ticketOut[0] = ticket;
			Instant lastUpdated = Instant.ofEpochSecond(clock.incrementAndGet());
			String entity = "{\"id\":" + ticket + ",\"summary\":\"Benchmark ticket " + ticket + "\","
					+ "\"board\":{\"id\":1,\"name\":\"Service Board\"},\"status\":{\"id\":" + (1 + n % 5)
					+ ",\"name\":\"Status\"},\"company\":{\"id\":250,\"identifier\":\"Acme\",\"name\":\"Acme Corp\"},"
					+ "\"priority\":{\"id\":4,\"name\":\"Priority 3 - Normal Response\"},"
					+ "\"owner\":{\"id\":151,\"identifier\":\"jdoe\",\"name\":\"John Doe\"},"
					+ "\"initialDescription\":\"Benchmark\",\"_info\":{\"lastUpdated\":\"" + lastUpdated
					+ "\",\"updatedBy\":\"jdoe\"}}";
			String body = "{\"MessageId\":\"" + java.util.UUID.randomUUID() + "\",\"FromUrl\":\"127.0.0.1\","
					+ "\"CompanyId\":\"demo\",\"MemberId\":\"jdoe\",\"Action\":\"updated\",\"Type\":\"ticket\","
					+ "\"ID\":" + ticket + ",\"Entity\":\"" + entity.replace("\\", "\\\\").replace("\"", "\\\"")
					+ "\",\"Metadata\":{\"key_url\":\"" + keyUrl + "\"},\"CallbackObjectRecId\":26552}";
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			String signature;
			synchronized (mac) {
				signature = java.util.Base64.getEncoder().encodeToString(mac.doFinal(bytes));
			}
			return endpoint.post(path + ticket, bytes, "x-content-signature: " + signature);
		};
		openLoop(o, endpoint, requests, "200", true, "callbacks");
	}

	// ---------------------------------------------------------------- overhead

	/** One recorded simulator call: method, path, status, at. */
	private static final Pattern CALL = Pattern.compile(
			"\"method\":\"(\\w+)\",\"path\":\"([^\"]*)\".*?\"status\":(-?\\d+),\"at\":\"([^\"]+)\"", Pattern.DOTALL);

	private static final Pattern TICKET = Pattern.compile("/service/tickets/(\\d+)(/|$)", Pattern.CASE_INSENSITIVE);

	static void overhead(Map<String, String> o) throws Exception {
		Map<Long, Long> acceptedAt = new HashMap<>();
		for (String line : Files.readAllLines(Path.of(o.get("accepted")))) {
			String[] parts = line.trim().split(" ");
			if (parts.length == 2) {
				acceptedAt.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
			}
		}
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		String body = client
			.send(HttpRequest.newBuilder(URI.create(o.get("sim") + "/__sim/calls?limit=100000")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Map<Long, Long> firstCall = new HashMap<>();
		Matcher call = CALL.matcher(body);
		while (call.find()) {
			Matcher ticket = TICKET.matcher(call.group(2));
			if (!ticket.find()) {
				continue;
			}
			long id = Long.parseLong(ticket.group(1));
			if (!acceptedAt.containsKey(id)) {
				continue;
			}
			Instant at = Instant.parse(call.group(4));
			long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
			firstCall.merge(id, micros, Math::min);
		}
		long[] overhead = firstCall.entrySet()
			.stream()
			.mapToLong((e) -> (e.getValue() - acceptedAt.get(e.getKey())) * 1000)
			.sorted()
			.toArray();
		System.out.println(String.format("mode=overhead accepted=%d called=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f",
				acceptedAt.size(), overhead.length, ms(pct(overhead, 0.50)), ms(pct(overhead, 0.90)),
				ms(pct(overhead, 0.99)), ms((overhead.length > 0) ? overhead[overhead.length - 1] : 0)));
	}

	// ------------------------------------------------------------------- small

	static long pct(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	static double ms(long nanos) {
		return nanos / 1e6;
	}

	static long seconds(String value) {
		return (long) (Double.parseDouble(value) * 1e9);
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> map = new HashMap<>();
		for (int i = 1; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Expected --option value, got " + Arrays.toString(args));
			}
			map.put(args[i].substring(2), args[i + 1]);
		}
		return map;
	}

}
