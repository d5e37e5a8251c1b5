import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Shares of a JFR recording's CPU samples by layer, inside the window that bench/run.sh wrote
 * beside the dump (BENCH_JFR=1): java bench/JfrLayers.java bench/target/gateway-HHMMSS.jfr ...
 *
 * A sample counts for the library of its innermost frame outside the JDK (time in a HashMap
 * under Jackson counts as Jackson's), grouped by the prefixes below; the rest under "other".
 */
public class JfrLayers {

	static final List<String[]> LAYERS = List.of(new String[] { "io.r2dbc.", "R2DBC" },
			new String[] { "org.springframework.r2dbc.", "R2DBC" }, new String[] { "com.rabbitmq.", "AMQP" },
			new String[] { "org.springframework.amqp.", "AMQP" }, new String[] { "com.fasterxml.jackson.", "Jackson" },
			new String[] { "org.springframework.security.", "Security" },
			new String[] { "io.micrometer.", "Micrometer" }, new String[] { "reactor.netty.", "Netty" },
			new String[] { "io.netty.", "Netty" }, new String[] { "org.springframework.web.", "Spring web" },
			new String[] { "org.springframework.http.", "Spring web" },
			new String[] { "com.psabridge.", "PSA Bridge" }, new String[] { "reactor.", "Reactor" },
			new String[] { "org.springframework.", "Spring (other)" });

	public static void main(String[] args) throws Exception {
		for (String file : args) {
			Path jfr = Path.of(file);
			String[] window = Files.readString(Path.of(file.replaceAll("\\.jfr$", ".window"))).trim().split(" ");
			LocalDate day = LocalDate.ofInstant(Files.getLastModifiedTime(jfr).toInstant(), ZoneOffset.UTC);
			Instant from = LocalTime.parse(window[0]).atDate(day).toInstant(ZoneOffset.UTC);
			Instant to = LocalTime.parse(window[1]).atDate(day).toInstant(ZoneOffset.UTC);
			Map<String, Integer> counts = new TreeMap<>();
			int total = 0;
			for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")
						|| event.getStartTime().isBefore(from) || !event.getStartTime().isBefore(to)
						|| event.getStackTrace() == null) {
					continue;
				}
				counts.merge(layer(event.getStackTrace().getFrames()), 1, Integer::sum);
				total++;
			}
			System.out.printf("%s (%s-%s UTC): %d samples%n", jfr.getFileName(), window[0], window[1], total);
			int all = total;
			counts.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
				.forEach((e) -> System.out.printf("  %-16s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / all));
		}
	}

	static String layer(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
				continue;
			}
			for (String[] layer : LAYERS) {
				if (type.startsWith(layer[0])) {
					return layer[1];
				}
			}
			return "other";
		}
		return "JDK only";
	}

}
