package com.psabridge.simulator;

import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConditionsTests {

	private static final JsonNode NOTE = ConnectWiseCalls
		.json("{\"id\":1001,\"ticketId\":123,\"text\":\"Disk \\\"C\\\" full\","
				+ "\"detailDescriptionFlag\":true,\"member\":{\"id\":5,\"identifier\":\"jdoe\"},"
				+ "\"dateCreated\":\"2026-11-22T14:00:00Z\",\"_info\":{\"lastUpdated\":\"2026-11-22T14:05:00Z\"}}");

	private static boolean matches(String conditions) {
		Predicate<JsonNode> predicate = Conditions.parse(conditions, Fields.NOTE);
		return predicate.test(NOTE);
	}

	@Test
	void comparesNumbersStringsDatesAndBooleans() {
		assertThat(matches("ticketId=123")).isTrue();
		assertThat(matches("ticketId != 123")).isFalse();
		assertThat(matches("id > 1000 and id <= 1001")).isTrue();
		assertThat(matches("member/id=5 and member/identifier=\"JDOE\"")).isTrue();
		assertThat(matches("dateCreated >= [2026-11-22T14:00:00Z] AND dateCreated < [2026-11-22T14:00:01Z]")).isTrue();
		assertThat(matches("dateCreated=[2026-11-22T14:00:00Z]")).isTrue();
		assertThat(matches("lastUpdated > [2026-11-22T14:00:00Z]")).isTrue();
		assertThat(matches("detailDescriptionFlag=true and resolutionFlag=null")).isTrue();
	}

	@Test
	void supportsLikeContainsInOrAndParentheses() {
		assertThat(matches("text like \"disk%\"")).isTrue();
		assertThat(matches("text not like \"%x%\"")).isTrue();
		assertThat(matches("text contains \"\\\"c\\\"\"")).isTrue();
		assertThat(matches("id in (1, 1001)")).isTrue();
		assertThat(matches("(ticketId=1 or ticketId=123) and member/id=5")).isTrue();
		assertThat(matches("ticketId=1 or ticketId=2")).isFalse();
	}

	@Test
	void rejectsUnknownFieldsAndMalformedConditions() {
		assertThatExceptionOfType(Conditions.InvalidQuery.class).isThrownBy(() -> matches("colour=\"red\""))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("colour"));
		for (String malformed : List.of("ticketId=", "ticketId 123", "text=unquoted", "(ticketId=1",
				"dateCreated=[not a date]", "ticketId=1 and")) {
			assertThatExceptionOfType(Conditions.InvalidQuery.class).as(malformed).isThrownBy(() -> matches(malformed));
		}
	}

	@Test
	void ordersByFieldsThenById() {
		List<JsonNode> notes = List.of(ConnectWiseCalls.json("{\"id\":3,\"text\":\"b\"}"),
				ConnectWiseCalls.json("{\"id\":1,\"text\":\"b\"}"), ConnectWiseCalls.json("{\"id\":2,\"text\":\"a\"}"));

		assertThat(notes.stream().sorted(Conditions.orderBy("text desc", Fields.NOTE)))
			.extracting((n) -> n.get("id").asInt())
			.containsExactly(1, 3, 2);
		assertThatExceptionOfType(Conditions.InvalidQuery.class)
			.isThrownBy(() -> Conditions.orderBy("colour asc", Fields.NOTE));
	}

}
