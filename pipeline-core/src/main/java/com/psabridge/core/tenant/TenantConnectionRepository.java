package com.psabridge.core.tenant;

import com.psabridge.core.credentials.CredentialCipher;
import com.psabridge.core.credentials.EncryptedSecret;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Stores tenant connections with the private key sealed by {@link CredentialCipher}.
 */
@Repository
public class TenantConnectionRepository {

	private final DatabaseClient db;

	private final CredentialCipher cipher;

	TenantConnectionRepository(DatabaseClient db, CredentialCipher cipher) {
		this.db = db;
		this.cipher = cipher;
	}

	public Mono<TenantConnection> findByTenantId(String tenantId) {
		return this.db.sql("""
				select tenant_id, site, company_id, public_key, private_key_encrypted, credentials_key_id, codebase,
				       api_member_identifier, require_signed_callbacks
				from psa_tenant_connection where tenant_id = :tenantId""")
			.bind("tenantId", tenantId)
			.map(this::toConnection)
			.one();
	}

	/**
	 * Inserts or replaces the tenant's connection, sealing the private key afresh. Saving
	 * ends a pause: the admin has changed the keys or the role the pause was about.
	 */
	public Mono<Void> save(TenantConnection connection) {
		EncryptedSecret sealed = this.cipher.seal(connection.tenantId(), connection.privateKey());
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("""
					insert into psa_tenant_connection (tenant_id, site, company_id, public_key, private_key_encrypted,
					    credentials_key_id, codebase, api_member_identifier, require_signed_callbacks)
					values (:tenantId, :site, :companyId, :publicKey, :sealed, :keyId, :codebase, :apiMember, :requireSigned)
					on conflict (tenant_id) do update set site = excluded.site, company_id = excluded.company_id,
					    public_key = excluded.public_key, private_key_encrypted = excluded.private_key_encrypted,
					    credentials_key_id = excluded.credentials_key_id, codebase = excluded.codebase,
					    api_member_identifier = excluded.api_member_identifier,
					    require_signed_callbacks = excluded.require_signed_callbacks, paused_at = null, pause_reason = null,
					   updated_at = now()""")
			.bind("tenantId", connection.tenantId())
			.bind("site", connection.site())
			.bind("companyId", connection.companyId())
			.bind("publicKey", connection.publicKey())
			.bind("sealed", sealed.sealed())
			.bind("keyId", sealed.keyId())
			.bind("codebase", connection.codebase())
			.bind("requireSigned", connection.requireSignedCallbacks())
			.bind("apiMember", Parameter.fromOrEmpty(connection.apiMemberIdentifier(), String.class));
		return spec.then();
	}

	/** Removes the tenant's connection; answers whether there was one. */
	public Mono<Boolean> delete(String tenantId) {
		return this.db.sql("delete from psa_tenant_connection where tenant_id = :tenantId")
			.bind("tenantId", tenantId)
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

	private TenantConnection toConnection(Readable row) {
		String tenantId = row.get("tenant_id", String.class);
		EncryptedSecret sealed = new EncryptedSecret(row.get("credentials_key_id", String.class),
				row.get("private_key_encrypted", byte[].class));
		return new TenantConnection(tenantId, row.get("site", String.class), row.get("company_id", String.class),
				row.get("public_key", String.class), this.cipher.open(tenantId, sealed),
				row.get("codebase", String.class), row.get("api_member_identifier", String.class),
				Boolean.TRUE.equals(row.get("require_signed_callbacks", Boolean.class)));
	}

}
