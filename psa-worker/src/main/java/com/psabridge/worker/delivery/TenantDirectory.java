package com.psabridge.worker.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMappingRepository;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Tenants' connections and member mappings as deliveries need them, without two queries
 * and a decryption per delivery. A connection is reused only while its row is unchanged
 * (the claim reads its version), so new keys apply to the very next delivery; a mapping
 * is reused for a few seconds, and a missing one is never cached, so a user mapped just
 * now is found at once.
 */
@Component
class TenantDirectory {

	private static final Duration MAPPING_TTL = Duration.ofSeconds(5);

	private final TenantConnectionRepository connections;

	private final MemberMappingRepository mappings;

	private final Map<String, Versioned> connectionsByTenant = new ConcurrentHashMap<>();

	private final Map<String, Mono<Optional<MemberMapping>>> mappingsByUser = new ConcurrentHashMap<>();

	TenantDirectory(TenantConnectionRepository connections, MemberMappingRepository mappings) {
		this.connections = connections;
		this.mappings = mappings;
	}

	/** The tenant's connection as of {@code version} (its row's {@code updated_at}). */
	Mono<Optional<TenantConnection>> connection(String tenantId, Instant version) {
		Versioned cached = this.connectionsByTenant.compute(tenantId,
				(id, current) -> (current != null && version != null && version.equals(current.version())) ? current
						: new Versioned(version,
								this.connections.findByTenantId(id)
									.map(Optional::of)
									.defaultIfEmpty(Optional.empty())
									.cache((found) -> found.isPresent() ? Duration.ofDays(1) : Duration.ZERO,
											(error) -> Duration.ZERO, () -> Duration.ZERO)));
		return cached.connection();
	}

	Mono<Optional<MemberMapping>> mapping(String tenantId, String userId) {
		return this.mappingsByUser.computeIfAbsent(tenantId + '\u0000' + userId,
				(key) -> this.mappings.find(tenantId, userId)
					.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.cache((found) -> found.isPresent() ? MAPPING_TTL : Duration.ZERO, (error) -> Duration.ZERO,
							() -> Duration.ZERO));
	}

	private record Versioned(Instant version, Mono<Optional<TenantConnection>> connection) {

	}

}
