package com.psabridge.webhook.signature;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.psabridge.core.connectwise.ConnectWiseProperties;
import com.psabridge.core.tenant.TenantConnection;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Decides whether a callback's {@code Metadata.key_url} may be fetched. It arrives in an
 * unauthenticated request, so fetching it blindly would let anyone make us call any
 * address (with the tenant's credentials, even) and supply the key their forgery is
 * signed with. Allowed: https (http only with insecure http allowed) to the tenant's own
 * ConnectWise origin or a ConnectWise cloud host, no user info, and, when the URL names a
 * {@code companyName}, the tenant's own company.
 */
final class KeyUrlPolicy {

	private final Set<String> cloudHosts;

	private final boolean allowInsecureHttp;

	KeyUrlPolicy(SigningKeyProperties properties, ConnectWiseProperties connectWise) {
		this.cloudHosts = properties.cloudHosts()
			.stream()
			.map((host) -> host.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
		this.allowInsecureHttp = connectWise.allowInsecureHttp();
	}

	/** The URL to fetch, or {@link SignatureRejected} saying why it is refused. */
	URI check(TenantConnection connection, String keyUrl) {
		if (keyUrl == null || keyUrl.isBlank()) {
			throw new SignatureRejected("The callback has no Metadata.key_url to verify its signature with.");
		}
		URI uri;
		try {
			uri = new URI(keyUrl.strip());
		}
		catch (java.net.URISyntaxException ex) {
			throw new SignatureRejected("Metadata.key_url is not a URL.");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : null;
		if (!uri.isAbsolute() || host == null || uri.getRawUserInfo() != null) {
			throw new SignatureRejected("Metadata.key_url is not an absolute URL of a host.");
		}
		if (!scheme.equals("https") && !(scheme.equals("http") && this.allowInsecureHttp)) {
			throw new SignatureRejected("Metadata.key_url is not https.");
		}
		if (!isTenantOrigin(connection, scheme, host, uri.getPort()) && !isCloudHost(scheme, host, uri.getPort())) {
			throw new SignatureRejected(
					"Metadata.key_url is on a host that is neither the tenant's ConnectWise site nor a ConnectWise cloud host.");
		}
		String companyName = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("companyName");
		if (companyName != null && !companyName.equalsIgnoreCase(connection.companyId())) {
			throw new SignatureRejected("Metadata.key_url names another ConnectWise company.");
		}
		return uri;
	}

	private static boolean isTenantOrigin(TenantConnection connection, String scheme, String host, int port) {
		URI origin = connection.origin();
		String siteHost = (origin.getHost() != null) ? origin.getHost().toLowerCase(Locale.ROOT) : "";
		return siteHost.equals(host) && port(scheme, port) == port(origin.getScheme(), origin.getPort());
	}

	private boolean isCloudHost(String scheme, String host, int port) {
		return scheme.equals("https") && this.cloudHosts.contains(host) && port(scheme, port) == 443;
	}

	private static int port(String scheme, int port) {
		if (port != -1) {
			return port;
		}
		return "http".equalsIgnoreCase(scheme) ? 80 : 443;
	}

}
