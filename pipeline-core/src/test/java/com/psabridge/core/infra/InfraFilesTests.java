package com.psabridge.core.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.testing.MetricReferences;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of {@code infra/} without Docker or a cluster: every file parses,
 * docker-compose builds the jars Maven makes and health-checks every service, the
 * Kubernetes Deployments have probes, resources and a grace period longer than the
 * services' graceful shutdown, and the dashboard uses the provisioned datasource.
 * ({@code promtool} and {@code kubectl kustomize} check the rest in {@code .ci/run}.)
 */
class InfraFilesTests {

	private static final ObjectMapper json = new ObjectMapper();

	private final Path infra = MetricReferences.infra();

	@Test
	@SuppressWarnings("unchecked")
	void dockerComposeRunsEveryServiceFromItsJarWithAHealthCheck() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(this.infra.resolve("docker-compose.yml")));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		assertThat(services).containsKeys("postgres", "rabbitmq", "connectwise-simulator", "gateway", "psa-worker",
				"webhook-receiver", "prometheus", "grafana");
		String version = projectVersion();
		for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
			assertThat(service.getValue()).as(service.getKey() + " health check").containsKey("healthcheck");
			Map<String, Object> build = (Map<String, Object>) service.getValue().get("build");
			if (build != null) {
				String jar = (String) ((Map<String, Object>) build.get("args")).get("JAR");
				String module = service.getKey();
				assertThat(jar).isEqualTo(module + "/target/" + module + "-" + version + ".jar");
				assertThat(this.infra.resolve("..").resolve(module).resolve("pom.xml")).exists();
				assertThat(this.infra.resolve("..").resolve((String) build.get("dockerfile"))).exists();
			}
			for (Object volume : (List<Object>) service.getValue().getOrDefault("volumes", List.of())) {
				String source = volume.toString().split(":")[0];
				if (source.startsWith("./")) {
					assertThat(this.infra.resolve(source)).as(service.getKey() + " mounts " + source).exists();
				}
			}
		}
		for (String psa : List.of("gateway", "psa-worker", "webhook-receiver")) {
			Map<String, Object> environment = (Map<String, Object>) services.get(psa).get("environment");
			assertThat(environment).containsKeys("POSTGRES_HOST", "RABBITMQ_HOST", "PSA_CREDENTIALS_KEY",
					"LOGGING_STRUCTURED_FORMAT_CONSOLE");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void kubernetesDeploymentsHaveProbesResourcesAndAGracePeriod() throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Stream<Path> files = Files.walk(this.infra.resolve("k8s"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml")).toList()) {
				for (Object document : new Yaml().loadAll(Files.readString(file))) {
					assertThat(document).as(file + " parses to objects").isInstanceOf(Map.class);
					documents.add((Map<String, Object>) document);
				}
			}
		}
		Set<String> deployments = new HashSet<>();
		for (Map<String, Object> document : documents) {
			if ("Deployment".equals(document.get("kind"))) {
				String name = (String) ((Map<String, Object>) document.get("metadata")).get("name");
				deployments.add(name);
				Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document
					.get("spec")).get("template")).get("spec");
				assertThat((Integer) pod.get("terminationGracePeriodSeconds")).as(name).isGreaterThan(30);
				Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
				assertThat(container).as(name)
					.containsKeys("startupProbe", "livenessProbe", "readinessProbe", "resources", "lifecycle");
			}
			if ("HorizontalPodAutoscaler".equals(document.get("kind"))) {
				Map<String, Object> target = (Map<String, Object>) ((Map<String, Object>) document.get("spec"))
					.get("scaleTargetRef");
				assertThat(target.get("name")).isEqualTo("psa-worker");
			}
		}
		assertThat(deployments).containsExactlyInAnyOrder("gateway", "psa-worker", "webhook-receiver");
	}

	@Test
	void theDashboardUsesTheProvisionedDatasourceAndUniquePanelIds() throws IOException {
		Map<String, Object> datasources = new Yaml()
			.load(Files.readString(this.infra.resolve("grafana/datasources/prometheus.yml")));
		String uid = json.valueToTree(datasources).path("datasources").get(0).path("uid").asText();
		JsonNode dashboard = json.readTree(this.infra.resolve("grafana/dashboards/psa-bridge.json").toFile());
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("panel id " + panel.path("id")).isTrue();
			if (!"row".equals(panel.path("type").asText())) {
				assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(uid);
				assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
			}
		}
		assertThat(dashboard.path("uid").asText()).isEqualTo("psa-bridge");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyScrapeJobIsWatchedByTheServiceDownAlert() throws IOException {
		Map<String, Object> prometheus = new Yaml()
			.load(Files.readString(this.infra.resolve("prometheus/prometheus.yml")));
		String serviceDown = MetricReferences.expressions(this.infra)
			.stream()
			.filter((expr) -> expr.startsWith("up{"))
			.findFirst()
			.orElseThrow();
		Matcher jobs = Pattern.compile("job=~\"([^\"]+)\"").matcher(serviceDown);
		assertThat(jobs.find()).isTrue();
		Pattern watched = Pattern.compile(jobs.group(1));
		for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
			String name = (String) job.get("job_name");
			if (!name.endsWith("-queues")) {
				assertThat(watched.matcher(name).matches()).as(name).isTrue();
			}
		}
	}

	private String projectVersion() throws IOException {
		String pom = Files.readString(this.infra.resolve("../pom.xml"));
		Matcher version = Pattern.compile("<artifactId>psa-bridge</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(pom);
		assertThat(version.find()).isTrue();
		return version.group(1);
	}

}
