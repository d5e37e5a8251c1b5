package com.psabridge.webhook.signature;

import java.time.Duration;
import java.util.List;

import com.psabridge.core.connectwise.ConnectWiseProperties;
import com.psabridge.core.tenant.TenantConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code key_url} arrives in an unauthenticated request: only the tenant's own site or a
 * ConnectWise cloud host may be fetched.
 */
class KeyUrlPolicyTests {

	private static final List<String> CLOUD = List.of("api-na.myconnectwise.net", "sandbox-na.myconnectwise.net");

	private final KeyUrlPolicy policy = policy(false);

	private static KeyUrlPolicy policy(boolean allowInsecureHttp) {
		return new KeyUrlPolicy(new SigningKeyProperties(CLOUD, Duration.ofHours(1), 10, Duration.ofMinutes(1)),
				new ConnectWiseProperties("client", "2025.8", allowInsecureHttp, Duration.ofSeconds(1),
						Duration.ofSeconds(1)));
	}

	private static TenantConnection tenant(String site) {
		return new TenantConnection("acme", site, "Cobalt", "pub", "priv", "v4_6_release", "APIMember", true);
	}

	@Test
	void allowsACloudHostForACloudTenantOnAnotherCloudHost() {
		String url = "https://sandbox-na.myconnectwise.net/v2025_1//system/callbackkey/index.rails?companyName=Cobalt&id=e17e6674";
		assertThat(this.policy.check(tenant("api-na.myconnectwise.net"), url).getHost())
			.isEqualTo("sandbox-na.myconnectwise.net");
	}

	@Test
	void allowsTheTenantsOwnOnPremisesHost() {
		String url = "https://cw.example-msp.com/v4_6_release/system/callbackkey/index.rails?id=1";
		assertThat(this.policy.check(tenant("cw.example-msp.com"), url)).isNotNull();
		assertThat(this.policy.check(tenant("https://CW.example-msp.com/"), url)).isNotNull();
	}

	@Test
	void refusesAForeignHost() {
		assertThatExceptionOfType(SignatureRejected.class).isThrownBy(() -> this.policy
			.check(tenant("api-na.myconnectwise.net"), "https://attacker.example/system/callbackkey/index.rails"));
		assertThatExceptionOfType(SignatureRejected.class).isThrownBy(() -> this.policy
			.check(tenant("api-na.myconnectwise.net"), "https://myconnectwise.net.attacker.example/key"));
		assertThatExceptionOfType(SignatureRejected.class).isThrownBy(() -> this.policy
			.check(tenant("api-na.myconnectwise.net"), "https://169.254.169.254/latest/meta-data"));
	}

	@Test
	void refusesTheTenantsHostOnAnotherPort() {
		assertThatExceptionOfType(SignatureRejected.class).isThrownBy(() -> policy(true)
			.check(tenant("http://127.0.0.1:8090"), "http://127.0.0.1:8091/system/callbackkey/index.rails"));
		assertThatExceptionOfType(SignatureRejected.class).isThrownBy(() -> this.policy
			.check(tenant("api-na.myconnectwise.net"), "https://api-na.myconnectwise.net:8443/key"));
	}

	@Test
	void refusesPlainHttpUnlessInsecureHttpIsAllowed() {
		String url = "http://127.0.0.1:8090/v2025_1//system/callbackkey/index.rails?id=1";
		assertThatExceptionOfType(SignatureRejected.class)
			.isThrownBy(() -> this.policy.check(tenant("http://127.0.0.1:8090"), url));
		assertThat(policy(true).check(tenant("http://127.0.0.1:8090"), url)).isNotNull();
		assertThatExceptionOfType(SignatureRejected.class).isThrownBy(() -> policy(true)
			.check(tenant("api-na.myconnectwise.net"), "http://sandbox-na.myconnectwise.net/key"));
	}

	@Test
	void refusesAnotherCompanysKey() {
		assertThatExceptionOfType(SignatureRejected.class)
			.isThrownBy(() -> this.policy.check(tenant("api-na.myconnectwise.net"),
					"https://api-na.myconnectwise.net/v2025_1//system/callbackkey/index.rails?companyName=Other&id=1"));
		assertThat(this.policy.check(tenant("api-na.myconnectwise.net"),
				"https://api-na.myconnectwise.net/v2025_1//system/callbackkey/index.rails?companyName=cobalt&id=1"))
			.isNotNull();
	}

	@Test
	void refusesWhatIsNotAnAbsoluteUrlOfAHost() {
		TenantConnection tenant = tenant("api-na.myconnectwise.net");
		for (String url : new String[] { null, "", "   ", "/system/callbackkey", "{{testServerURL}}/v2025_1//key",
				"https://user:pw@api-na.myconnectwise.net/key", "file:///etc/passwd", "ftp://api-na.myconnectwise.net/",
				"https:///nohost", "not a url at all" }) {
			assertThatExceptionOfType(SignatureRejected.class).as(String.valueOf(url))
				.isThrownBy(() -> this.policy.check(tenant, url));
		}
	}

}
