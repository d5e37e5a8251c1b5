package com.psabridge.core.connectwise;

import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.connectwise.CallOutcome.Result;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.simulator.ConnectWiseSimulator;
import com.psabridge.simulator.Fault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls tenant onboarding makes (company info, the member directory) and the call
 * timer, against the simulator, without Spring.
 */
class OnboardingCallsTests {

	private static ConnectWiseSimulator connectWise;

	private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private static ConnectWiseClient client;

	private static TenantConnection acme;

	@BeforeAll
	static void startConnectWise() {
		connectWise = ConnectWiseSimulator.start(0);
		connectWise.addCompany("acme", "pub", "priv");
		for (int id = 1; id <= 7; id++) {
			connectWise.addMember(200 + id, "tech" + id, "Tech" + id + "@Example.com", id == 3);
		}
		acme = new TenantConnection("acme", connectWise.origin(), "acme", "pub", "priv", "v4_6_release", "psabridge",
				true);
		client = new ConnectWiseClient(WebClient.builder(),
				new ConnectWiseProperties("client-guid", "2025.8", true, Duration.ofSeconds(1), Duration.ofSeconds(2)),
				new ObjectMapper(), meters);
	}

	@AfterEach
	void reset() {
		connectWise.reset();
	}

	@AfterAll
	static void stopConnectWise() {
		connectWise.close();
	}

	@Test
	void companyInfoAnswersTheCodebaseWithoutKeys() {
		TenantConnection wrongKeys = new TenantConnection("acme", connectWise.origin(), "acme", "pub", "wrong",
				"v4_6_release", null, true);
		CallOutcome outcome = client.companyInfo(wrongKeys).block();
		assertThat(outcome.result()).isEqualTo(Result.SUCCEEDED);
		assertThat(outcome.detail()).isNotBlank();
	}

	@Test
	void companyInfoOfAnUnknownCompanyIsA404() {
		TenantConnection unknown = new TenantConnection("acme", connectWise.origin(), "nosuchco", "pub", "priv",
				"v4_6_release", null, true);
		CallOutcome outcome = client.companyInfo(unknown).block();
		assertThat(outcome.result()).isEqualTo(Result.PERMANENT_FAILURE);
		assertThat(outcome.httpStatus()).isEqualTo(404);
	}

	@Test
	void companyInfoOfASiteThatDoesNotAnswerIsNoAnswer() {
		TenantConnection nowhere = new TenantConnection("acme", "http://127.0.0.1:1", "acme", "pub", "priv",
				"v4_6_release", null, true);
		CallOutcome outcome = client.companyInfo(nowhere).block();
		assertThat(outcome.httpStatus()).isNull();
		assertThat(outcome.errorCode()).isEqualTo("ConnectionFailed");
	}

	@Test
	void readsEveryPageOfActiveMembersFollowingTheLinkHeader() {
		MemberDirectory directory = client.activeMembers(acme, 2).block();
		assertThat(directory.outcome().succeeded()).isTrue();
		assertThat(directory.members()).extracting(ActiveMember::id)
			.contains(201, 202, 204, 205, 206, 207)
			.doesNotContain(203);
		assertThat(directory.members()).filteredOn((member) -> member.id() == 201)
			.singleElement()
			.satisfies((member) -> assertThat(member.hasEmail("tech1@example.COM")).isTrue());
		long pages = connectWise.calls().stream().filter((call) -> call.path().contains("/system/members")).count();
		assertThat(pages).isGreaterThanOrEqualTo(3);
	}

	@Test
	void aFailedPageEndsTheDirectoryWithItsOutcome() {
		connectWise.inject(Fault.on("GET", ".*/system/members.*").securityError());
		MemberDirectory directory = client.activeMembers(acme).block();
		assertThat(directory.outcome().result()).isEqualTo(Result.ACCESS_DENIED);
		assertThat(directory.outcome().httpStatus()).isEqualTo(403);
	}

	@Test
	void followsOnlyNextLinksOnTheSameOrigin() {
		URI page = URI.create("https://api-na.myconnectwise.net/v4_6_release/apis/3.0/system/members?page=1");
		assertThat(ConnectWiseClient.nextPage(
				"<https://api-na.myconnectwise.net/v4_6_release/apis/3.0/system/members?pageSize=2&page=2>; rel=\"next\", "
						+ "<https://api-na.myconnectwise.net/v4_6_release/apis/3.0/system/members?pageSize=2&page=4>; rel=\"last\"",
				page))
			.hasToString("https://api-na.myconnectwise.net/v4_6_release/apis/3.0/system/members?pageSize=2&page=2");
		assertThat(ConnectWiseClient.nextPage("<https://evil.example/steal?page=2>; rel=\"next\"", page)).isNull();
		assertThat(ConnectWiseClient.nextPage("<https://api-na.myconnectwise.net/x?page=1>; rel=\"first\"", page))
			.isNull();
		assertThat(ConnectWiseClient.nextPage(null, page)).isNull();
	}

	@Test
	void timesEveryCallByOperationOutcomeAndStatus() {
		connectWise.inject(Fault.on("GET", ".*/system/info").status(503, "", "application/json"));
		client.systemInfo(acme).block();
		client.systemInfo(acme).block();
		assertThat(meters.find("psa.connectwise.calls")
			.tags("operation", "SYSTEM_INFO", "outcome", "TRANSIENT_FAILURE", "status", "503")
			.timer()
			.count()).isEqualTo(1);
		assertThat(meters.find("psa.connectwise.calls")
			.tags("operation", "SYSTEM_INFO", "outcome", "SUCCEEDED", "status", "200")
			.timer()
			.count()).isGreaterThanOrEqualTo(1);
	}

}
