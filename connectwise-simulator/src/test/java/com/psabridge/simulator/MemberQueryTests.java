package com.psabridge.simulator;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemberQueryTests extends SimulatorTests {

	@Test
	void listsMembersWithTheirDirectoryFields() {
		JsonNode members = ConnectWiseCalls.json(calls.get("/system/members"));

		assertThat(members).extracting((m) -> m.get("identifier").asText()).containsExactly("jdoe", "asmith", "bgone");
		JsonNode john = members.get(0);
		assertThat(john.get("id").asInt()).isEqualTo(151);
		assertThat(john.get("firstName").asText()).isEqualTo("John");
		assertThat(john.get("lastName").asText()).isEqualTo("Doe");
		assertThat(john.get("primaryEmail").asText()).isEqualTo("john.doe@example.com");
		assertThat(john.get("officeEmail").asText()).isEqualTo("john.doe@example.com");
		assertThat(john.get("inactiveFlag").asBoolean()).isFalse();
	}

	@Test
	void filtersMembersByConditions() {
		JsonNode active = ConnectWiseCalls.json(calls.get("/system/members?conditions=" + URLEncoder
			.encode("inactiveFlag=false and primaryEmail like \"%@EXAMPLE.com\"", StandardCharsets.UTF_8)));
		JsonNode byIds = ConnectWiseCalls.json(calls
			.get("/system/members?conditions=" + URLEncoder.encode("id in (151, 153)", StandardCharsets.UTF_8)));

		assertThat(active).extracting((m) -> m.get("id").asInt()).containsExactly(151, 152);
		assertThat(byIds).extracting((m) -> m.get("id").asInt()).containsExactly(151, 153);
	}

	@Test
	void pagesMembersAndCapsThePageSizeAt1000() {
		HttpResponse<String> first = calls.get("/system/members?pageSize=1");
		HttpResponse<String> huge = calls.get("/system/members?pageSize=5000");

		assertThat(ConnectWiseCalls.json(first)).hasSize(1);
		assertThat(first.headers().firstValue("Link").orElseThrow())
			.contains("/system/members?pageSize=1&page=2>; rel=\"next\"")
			.contains("/system/members?pageSize=1&page=3>; rel=\"last\"");
		assertThat(ConnectWiseCalls.json(huge)).hasSize(3);
		assertThat(huge.headers().firstValue("Link")).isEmpty();
	}

	@Test
	void answersOneMemberAnd404ForAnUnknownOne() {
		assertThat(ConnectWiseCalls.json(calls.get("/system/members/152")).get("identifier").asText())
			.isEqualTo("asmith");
		assertThat(calls.get("/system/members/999").body())
			.isEqualTo("{\"code\":\"NotFound\",\"message\":\"Member 999 not found\"}");
	}

}
