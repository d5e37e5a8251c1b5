package com.psabridge.webhook.event;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.psabridge.model.event.TicketAction;
import com.psabridge.model.event.TicketEvent;
import com.psabridge.model.event.TicketEvents;
import com.psabridge.model.event.TicketReference;
import com.psabridge.model.event.TicketSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/asyncapi.yaml in step with the shared-model records consumers compile
 * against: a field added to a record and not documented (or the other way round) fails
 * here.
 */
class AsyncApiDocumentTests {

	private static Map<String, Object> document;

	@BeforeAll
	static void read() throws IOException {
		Path path = Path.of("..", "docs", "asyncapi.yaml");
		try (Reader reader = Files.newBufferedReader(path)) {
			document = new Yaml().load(reader);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			current = ((Map<String, Object>) current).get(key);
			assertThat(current).as(String.join(".", keys)).isNotNull();
		}
		return (Map<String, Object>) current;
	}

	private static Map<String, Object> schema(String name) {
		return map(document, "components", "schemas", name);
	}

	private static List<String> components(Class<? extends Record> type) {
		return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
	}

	@Test
	void isAnAsyncApi3Document() {
		assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
	}

	@Test
	void payloadPropertiesAreTheTicketEventRecordsComponentsInOrder() {
		assertThat(map(schema("TicketEvent"), "properties").keySet())
			.containsExactlyElementsOf(components(TicketEvent.class));
		assertThat(schema("TicketEvent").get("required")).asList()
			.containsExactlyElementsOf(components(TicketEvent.class));
	}

	@Test
	void ticketPropertiesAreTheTicketSnapshotRecordsComponentsInOrder() {
		assertThat(map(schema("TicketSnapshot"), "properties").keySet())
			.containsExactlyElementsOf(components(TicketSnapshot.class));
		Map<String, Object> changedFields = map(schema("TicketEvent"), "properties", "changedFields", "items");
		assertThat(changedFields.get("enum")).asList().containsExactlyElementsOf(components(TicketSnapshot.class));
	}

	@Test
	void referencePropertiesAreTheTicketReferenceRecordsComponents() {
		assertThat(map(schema("TicketReference"), "properties").keySet())
			.containsExactlyElementsOf(components(TicketReference.class));
	}

	@Test
	void actionsAreTheTicketActionValues() {
		assertThat(schema("TicketAction").get("enum")).asList()
			.containsExactlyElementsOf(Arrays.stream(TicketAction.values()).map(Enum::name).toList());
	}

	@Test
	void channelsAreTheRoutingKeysOnTheTopicExchange() {
		Map<String, Object> channels = map(document, "channels");
		List<String> addresses = channels.values()
			.stream()
			.map((channel) -> String.valueOf(((Map<?, ?>) channel).get("address")))
			.toList();
		assertThat(addresses).containsExactlyInAnyOrderElementsOf(
				Arrays.stream(TicketAction.values()).map(TicketAction::routingKey).toList());
		Map<String, Object> exchange = map(document, "components", "channelBindings", "ticketEvents", "exchange");
		assertThat(exchange).containsEntry("name", TicketEvents.EXCHANGE)
			.containsEntry("type", "topic")
			.containsEntry("durable", true);
	}

	@Test
	void messageHeadersAreTheOnesEveryEventCarries() {
		Map<String, Object> headers = map(document, "components", "messages", "TicketEvent", "headers");
		assertThat(map(headers, "properties").keySet()).containsExactlyInAnyOrder(TicketEvents.HEADER_TENANT_ID,
				TicketEvents.HEADER_EVENT_ID);
		assertThat(headers.get("required")).asList()
			.containsExactlyInAnyOrder(TicketEvents.HEADER_TENANT_ID, TicketEvents.HEADER_EVENT_ID);
		assertThat(map(document, "components", "messages", "TicketEvent", "bindings", "amqp"))
			.containsEntry("deliveryMode", 2);
	}

}
