package com.psabridge.core.tenant;

import com.psabridge.core.tenant.MemberMapping.MatchedBy;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

@Repository
public class MemberMappingRepository {

	private final DatabaseClient db;

	MemberMappingRepository(DatabaseClient db) {
		this.db = db;
	}

	public Mono<MemberMapping> find(String tenantId, String userId) {
		return this.db.sql("""
				select user_id, member_id, member_identifier, matched_by from psa_member_mapping
				where tenant_id = :tenantId and user_id = :userId""")
			.bind("tenantId", tenantId)
			.bind("userId", userId)
			.map(MemberMappingRepository::toMapping)
			.one();
	}

	public Flux<MemberMapping> findAll(String tenantId) {
		return this.db.sql("""
				select user_id, member_id, member_identifier, matched_by from psa_member_mapping
				where tenant_id = :tenantId order by user_id""")
			.bind("tenantId", tenantId)
			.map(MemberMappingRepository::toMapping)
			.all();
	}

	public Mono<Void> save(String tenantId, MemberMapping mapping) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				insert into psa_member_mapping (tenant_id, user_id, member_id, member_identifier, matched_by)
				values (:tenantId, :userId, :memberId, :memberIdentifier, :matchedBy)
				on conflict (tenant_id, user_id) do update set member_id = excluded.member_id,
				    member_identifier = excluded.member_identifier, matched_by = excluded.matched_by,
				    updated_at = now()""")
			.bind("tenantId", tenantId)
			.bind("userId", mapping.userId())
			.bind("memberId", mapping.memberId())
			.bind("matchedBy", mapping.matchedBy().name())
			.bind("memberIdentifier", Parameter.fromOrEmpty(mapping.memberIdentifier(), String.class));
		return spec.then();
	}

	private static MemberMapping toMapping(Readable row) {
		return new MemberMapping(row.get("user_id", String.class), row.get("member_id", Integer.class),
				row.get("member_identifier", String.class), MatchedBy.valueOf(row.get("matched_by", String.class)));
	}

}
