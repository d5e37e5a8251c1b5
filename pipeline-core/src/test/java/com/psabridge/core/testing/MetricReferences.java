package com.psabridge.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * The metric names that {@code infra/}'s alert rules and Grafana dashboards query, and
 * which process exports each. A service's test scrapes itself and checks the names it
 * owns, so a renamed meter fails the build instead of emptying a panel.
 */
public final class MetricReferences {

	/** Who exports a metric. */
	public enum Exporter {

		GATEWAY, PSA_WORKER,
		/** Checked by webhook-receiver's own tests (its callback intake owns them). */
		WEBHOOK_RECEIVER,
		/** RabbitMQ's rabbitmq_prometheus plugin: not PSA Bridge's code. */
		RABBITMQ,
		/** Made by Prometheus itself ({@code up}, {@code ALERTS}). */
		PROMETHEUS

	}

	private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "le");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private MetricReferences() {
	}

	/** The process that exports {@code name}. */
	public static Exporter exporter(String name) {
		if (name.startsWith("rabbitmq_")) {
			return Exporter.RABBITMQ;
		}
		if (name.equals("up") || name.equals("ALERTS") || name.startsWith("scrape_")) {
			return Exporter.PROMETHEUS;
		}
		if (name.startsWith("psa_callbacks_") || name.startsWith("psa_ticket_events_")) {
			return Exporter.WEBHOOK_RECEIVER;
		}
		if (name.startsWith("psa_requests_accepted") || name.startsWith("http_server_requests")) {
			return Exporter.GATEWAY;
		}
		return Exporter.PSA_WORKER;
	}

	/** Every metric name queried by the rules and dashboards under {@code infra}. */
	public static Set<String> referenced(Path infra) {
		Set<String> names = new TreeSet<>();
		expressions(infra).forEach((expr) -> names.addAll(metricNames(expr)));
		return names;
	}

	/** The names {@code exporter} must export. */
	public static Set<String> referencedFrom(Path infra, Exporter exporter) {
		Set<String> names = new TreeSet<>();
		referenced(infra).stream().filter((name) -> exporter(name) == exporter).forEach(names::add);
		return names;
	}

	/** The PromQL expressions of the alert rules and the dashboards' targets. */
	public static List<String> expressions(Path infra) {
		List<String> expressions = new ArrayList<>();
		try {
			JsonNode rules = new ObjectMapper()
				.valueToTree(new Yaml().load(Files.readString(infra.resolve("prometheus/alerts.yml"))));
			rules.path("groups").forEach((group) -> group.path("rules").forEach((rule) -> {
				if (rule.hasNonNull("expr")) {
					expressions.add(rule.get("expr").asText());
				}
			}));
			try (Stream<Path> dashboards = Files.list(infra.resolve("grafana/dashboards"))) {
				for (Path dashboard : dashboards.filter((file) -> file.toString().endsWith(".json")).toList()) {
					collectExpressions(new ObjectMapper().readTree(dashboard.toFile()), expressions);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return expressions;
	}

	private static void collectExpressions(JsonNode node, List<String> expressions) {
		if (node.isObject()) {
			if (node.path("expr").isTextual()) {
				expressions.add(node.get("expr").asText());
			}
			node.forEach((child) -> collectExpressions(child, expressions));
		}
		else if (node.isArray()) {
			node.forEach((child) -> collectExpressions(child, expressions));
		}
	}

	/** The metric names in one PromQL expression. */
	public static Set<String> metricNames(String expr) {
		String stripped = expr.replaceAll("\\$\\{[^}]*\\}|\\$\\w+", "1")
			.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
			.replaceAll("\\{[^}]*\\}", " ")
			.replaceAll("\\[[^\\]]*\\]", " ")
			.replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(stripped);
		while (identifier.find()) {
			String name = identifier.group();
			String after = stripped.substring(identifier.end()).stripLeading();
			boolean function = after.startsWith("(");
			boolean number = identifier.start() > 0 && Character.isDigit(stripped.charAt(identifier.start() - 1));
			if (!function && !number && !PROMQL_WORDS.contains(name.toLowerCase(Locale.ROOT))) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * The metric names in a Prometheus text exposition ({@code /actuator/prometheus}).
	 */
	public static Set<String> exported(String scrape) {
		Set<String> names = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				Matcher name = IDENTIFIER.matcher(line);
				if (name.lookingAt()) {
					names.add(name.group());
				}
			}
		}
		return names;
	}

	/** {@code infra/} seen from a module's directory (where Maven runs its tests). */
	public static Path infra() {
		Path here = Path.of("").toAbsolutePath();
		for (Path dir = here; dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("infra/prometheus"))) {
				return dir.resolve("infra");
			}
		}
		throw new IllegalStateException("No infra/ directory above " + here);
	}

}
