package com.psabridge.simulator;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as a process for the local run and benchmarks, seeded with a demo
 * company and members, and logs every write it receives so a person sees a note arrive.
 *
 * <pre>
 * java -jar connectwise-simulator/target/connectwise-simulator-0.1.0-SNAPSHOT.jar [--port=8090] [--bind-address=127.0.0.1]
 * </pre>
 *
 * {@code SIMULATOR_PORT} and {@code SIMULATOR_BIND_ADDRESS} set the same from the
 * environment; arguments win.
 */
public final class ConnectWiseSimulatorApplication {

	static final int DEFAULT_PORT = 8090;

	static final String COMPANY_ID = "demo";

	static final String PUBLIC_KEY = "demo-public";

	static final String PRIVATE_KEY = "demo-private";

	private ConnectWiseSimulatorApplication() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(option(args, "port", "SIMULATOR_PORT", String.valueOf(DEFAULT_PORT)));
		String bindAddress = option(args, "bind-address", "SIMULATOR_BIND_ADDRESS", "127.0.0.1");
		ConnectWiseSimulator simulator = ConnectWiseSimulator.start(bindAddress, port);
		seed(simulator);
		simulator.onCall(ConnectWiseSimulatorApplication::logWrite);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.close();
			stopped.countDown();
		}, "simulator-shutdown"));
		String basic = Base64.getEncoder()
			.encodeToString((COMPANY_ID + "+" + PUBLIC_KEY + ":" + PRIVATE_KEY).getBytes(StandardCharsets.UTF_8));
		System.out.println("ConnectWise simulator listening on " + simulator.origin() + " (bound to " + bindAddress
				+ ") - company " + COMPANY_ID + ", public key " + PUBLIC_KEY + ", private key " + PRIVATE_KEY
				+ " (Authorization: Basic " + basic + "); API at " + simulator.origin()
				+ "/v4_6_release/apis/3.0, admin at " + simulator.origin() + "/__sim");
		stopped.await();
	}

	static void seed(ConnectWiseSimulator simulator) {
		simulator.addCompany(COMPANY_ID, PUBLIC_KEY, PRIVATE_KEY);
		simulator.addMember(151, "jdoe", "john.doe@example.com", false);
		simulator.addMember(152, "asmith", "alice.smith@example.com", false);
		simulator.addMember(153, "bgone", "bob.gone@example.com", true);
	}

	private static void logWrite(RecordedCall call) {
		if (!call.method().equals("GET")) {
			System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS).format(DateTimeFormatter.ISO_LOCAL_TIME)
					+ " " + call.method() + " " + call.path() + " -> "
					+ ((call.status() != 0) ? call.status() : "reset"));
		}
	}

	static String option(String[] args, String name, String environmentVariable, String fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return arg.substring(name.length() + 3);
			}
		}
		String fromEnvironment = System.getenv(environmentVariable);
		return (fromEnvironment != null && !fromEnvironment.isBlank()) ? fromEnvironment : fallback;
	}

}
