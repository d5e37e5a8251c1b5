package com.psabridge.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One simulator with a test company per test class, its state cleared before each test.
 */
abstract class SimulatorTests {

	static ConnectWiseSimulator simulator;

	static ConnectWiseCalls calls;

	@BeforeAll
	static void start() {
		simulator = ConnectWiseCalls.startWithTestCompany();
		calls = new ConnectWiseCalls(simulator);
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

}
