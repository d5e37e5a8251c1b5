package com.psabridge.core.tenant;

/**
 * The ConnectWise member a product user writes as.
 *
 * @param userId the product's user id
 * @param memberId the ConnectWise member id
 * @param memberIdentifier the ConnectWise member identifier (e.g. {@code jdoe}), or null
 * @param matchedBy how the mapping was made
 */
public record MemberMapping(String userId, int memberId, String memberIdentifier, MatchedBy matchedBy) {

	public enum MatchedBy {

		/** Set by an admin; auto-matching never replaces it. */
		MANUAL,
		/** Found by matching the user's e-mail to an active member. */
		EMAIL

	}

}
