package com.psabridge.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectWiseSimulatorApplicationTests {

	@Test
	void seedsTheDemoCompanyAndMembers() {
		try (ConnectWiseSimulator simulator = ConnectWiseSimulator.start(0)) {
			ConnectWiseSimulatorApplication.seed(simulator);
			ConnectWiseCalls calls = new ConnectWiseCalls(simulator);

			var response = calls.send(calls.api("/system/members")
				.setHeader("Authorization", ConnectWiseCalls.basic("demo", "demo-public", "demo-private"))
				.build());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(ConnectWiseCalls.json(response)).extracting((m) -> m.get("identifier").asText())
				.containsExactly("jdoe", "asmith", "bgone");
		}
	}

	@Test
	void takesThePortFromTheArgumentBeforeTheEnvironment() {
		assertThat(ConnectWiseSimulatorApplication.option(new String[] { "--port=9123" }, "port",
				"SIMULATOR_PORT_NOT_SET_IN_TESTS", "8090"))
			.isEqualTo("9123");
		assertThat(ConnectWiseSimulatorApplication.option(new String[0], "port", "SIMULATOR_PORT_NOT_SET_IN_TESTS",
				"8090"))
			.isEqualTo("8090");
	}

}
