package com.psabridge.core.tenant;

import java.net.URI;

/**
 * How PSA Bridge reaches one tenant's ConnectWise PSA. Holds the decrypted private key:
 * {@link #toString()} never shows it, and nothing may log or return it.
 *
 * @param tenantId the product's account id
 * @param site a host name (https) or an origin {@code http(s)://host[:port]}
 * @param companyId the ConnectWise login company id
 * @param publicKey the API member's public key
 * @param privateKey the API member's private key
 * @param codebase the codebase segment of API paths, e.g. {@code v4_6_release} or
 * {@code v2025_1/}
 * @param apiMemberIdentifier the API member's identifier (our own writes come back under
 * it)
 * @param requireSignedCallbacks whether callbacks must carry a valid signature
 */
public record TenantConnection(String tenantId, String site, String companyId, String publicKey, String privateKey,
		String codebase, String apiMemberIdentifier, boolean requireSignedCallbacks) {

	/** The site as an origin: a bare host name means https. */
	public URI origin() {
		String origin = this.site.contains("://") ? this.site : "https://" + this.site;
		return URI.create(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
	}

	@Override
	public String toString() {
		return "TenantConnection[tenantId=" + this.tenantId + ", site=" + this.site + ", companyId=" + this.companyId
				+ ", codebase=" + this.codebase + "]";
	}

}
