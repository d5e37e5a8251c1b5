package com.psabridge.gateway.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.psabridge.core.connectwise.ActiveMember;
import com.psabridge.core.connectwise.CallOutcome;
import com.psabridge.core.connectwise.ConnectWiseClient;
import com.psabridge.core.connectwise.MemberDirectory;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMapping.MatchedBy;
import com.psabridge.core.tenant.MemberMappingRepository;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.gateway.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Maps product users to ConnectWise members by e-mail: every page of the site's active
 * members is read, and a user whose address (compared without regard to case) is the
 * primary or office e-mail of exactly one active member is mapped to it ({@code EMAIL}).
 * A user mapped by hand ({@code MANUAL}) keeps that mapping and is reported matched with
 * it; one whose address matches no member, or several, is reported unmatched and an
 * earlier e-mail mapping of theirs is left as it was.
 */
@Service
class MemberAutoMatch {

	private static final Logger log = LoggerFactory.getLogger(MemberAutoMatch.class);

	private final TenantConnectionRepository connections;

	private final MemberMappingRepository mappings;

	private final ConnectWiseClient connectWise;

	MemberAutoMatch(TenantConnectionRepository connections, MemberMappingRepository mappings,
			ConnectWiseClient connectWise) {
		this.connections = connections;
		this.mappings = mappings;
		this.connectWise = connectWise;
	}

	Mono<Answer> match(String tenantId, List<User> users) {
		Mono<TenantConnection> connection = this.connections.findByTenantId(tenantId)
			.switchIfEmpty(Mono.error(() -> Problems.notFound("Tenant " + tenantId
					+ " has no ConnectWise connection: PUT /v1/tenants/{tenantId}/connection first.")));
		Mono<Map<String, MemberMapping>> existing = this.mappings.findAll(tenantId)
			.collectMap(MemberMapping::userId, Function.identity());
		return Mono.zip(connection, existing).flatMap((found) -> {
			Map<String, MemberMapping> manual = found.getT2()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().matchedBy() == MatchedBy.MANUAL)
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
			boolean allManual = users.stream().allMatch((user) -> manual.containsKey(user.userId()));
			Mono<List<ActiveMember>> members = allManual ? Mono.just(List.of())
					: this.connectWise.activeMembers(found.getT1())
						.flatMap((directory) -> directory.outcome().succeeded() ? Mono.just(directory.members())
								: Mono.error(refused(found.getT1(), directory)));
			return members.flatMap((active) -> save(tenantId, users, manual, active));
		});
	}

	private Mono<Answer> save(String tenantId, List<User> users, Map<String, MemberMapping> manual,
			List<ActiveMember> active) {
		List<Matched> matched = new ArrayList<>();
		List<String> unmatched = new ArrayList<>();
		List<MemberMapping> found = new ArrayList<>();
		for (User user : users) {
			MemberMapping byHand = manual.get(user.userId());
			if (byHand != null) {
				matched.add(new Matched(user.userId(), byHand.memberId(), byHand.memberIdentifier()));
				continue;
			}
			List<ActiveMember> candidates = active.stream().filter((member) -> member.hasEmail(user.email())).toList();
			if (candidates.size() == 1) {
				ActiveMember member = candidates.get(0);
				found.add(new MemberMapping(user.userId(), member.id(), member.identifier(), MatchedBy.EMAIL));
				matched.add(new Matched(user.userId(), member.id(), member.identifier()));
			}
			else {
				unmatched.add(user.userId());
			}
		}
		log.info("Auto-match for tenant {}: {} matched ({} by e-mail now), {} unmatched, among {} active members",
				tenantId, matched.size(), found.size(), unmatched.size(), active.size());
		return Flux.fromIterable(found)
			.concatMap((mapping) -> this.mappings.save(tenantId, mapping))
			.then(Mono.just(new Answer(matched, unmatched)));
	}

	private static ErrorResponseException refused(TenantConnection connection, MemberDirectory directory) {
		CallOutcome outcome = directory.outcome();
		if (outcome.httpStatus() != null && outcome.httpStatus() == 403) {
			return ConnectionDiagnosis.missingRight(connection, outcome, "System > Member Maintenance: Inquire",
					"auto-match (GET /system/members)");
		}
		return ConnectionDiagnosis.keysProblem(connection, outcome, null);
	}

	/** A product user to match: their id and e-mail address. */
	record User(String userId, String email) {

	}

	record Matched(String userId, int memberId, String memberIdentifier) {

	}

	/** {@code {"matched": [...], "unmatched": ["u-7"]}}. */
	record Answer(List<Matched> matched, List<String> unmatched) {

	}

}
