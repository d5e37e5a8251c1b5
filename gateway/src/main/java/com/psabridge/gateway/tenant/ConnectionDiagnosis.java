package com.psabridge.gateway.tenant;

import java.util.List;

import com.psabridge.core.connectwise.CallOutcome;
import com.psabridge.core.connectwise.CallOutcome.Result;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.gateway.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Turns what ConnectWise answered into a 422 problem that tells a tenant's admin what to
 * fix: which fields of the connection to check, or which right the API member's security
 * role lacks (docs/security-role.md). The keys are never echoed: they are scrubbed from
 * ConnectWise's message.
 *
 * <p>
 * The clues: {@code /login/companyinfo/{companyId}} needs no keys, so an unreachable site
 * and an unknown company id are told apart from wrong keys; it also answers the codebase
 * the company's API lives under. {@code /system/info} then proves the keys — but
 * ConnectWise cloud answers 404, not 401, to wrong keys.
 */
final class ConnectionDiagnosis {

	private static final Logger log = LoggerFactory.getLogger(ConnectionDiagnosis.class);

	private static final String ROLE_DOC = " The rights PSA Bridge needs are listed in docs/security-role.md.";

	private ConnectionDiagnosis() {
	}

	/**
	 * The site did not take us to the company: unreachable or unknown host, or no such
	 * company id. Null when the company-info answer gives no reason to stop.
	 */
	static ErrorResponseException companyProblem(TenantConnection connection, CallOutcome companyInfo) {
		if (companyInfo.succeeded()) {
			return null;
		}
		if (companyInfo.httpStatus() == null) {
			boolean unknownHost = String.valueOf(companyInfo.errorMessage()).contains("UnknownHost");
			String what = unknownHost ? "There is no host " + connection.origin().getHost() + "."
					: "The site " + connection.site() + " did not answer (" + companyInfo.errorCode() + ").";
			return problem(connection, companyInfo, what + " Check site: the host name of your ConnectWise "
					+ "server, such as api-na.myconnectwise.net (cloud: api-na, api-eu, api-au or api-za) or your "
					+ "on-premises server's name.", List.of("site"));
		}
		if (companyInfo.httpStatus() == 404 && companyInfo.result() == Result.PERMANENT_FAILURE) {
			return problem(connection, companyInfo,
					"The site " + connection.site() + " does not know the company id '" + connection.companyId()
							+ "' (GET /login/companyinfo answered 404). Check companyId: the company you type when "
							+ "logging in to ConnectWise, and check that site is that company's server.",
					List.of("companyId", "site"));
		}
		// Some front ends do not serve companyinfo: let /system/info decide.
		return null;
	}

	/** ConnectWise refused the call that proves the keys ({@code GET /system/info}). */
	static ErrorResponseException keysProblem(TenantConnection connection, CallOutcome systemInfo,
			String companyCodebase) {
		Integer status = systemInfo.httpStatus();
		if (status == null) {
			return problem(connection, systemInfo, "The site " + connection.site() + " did not answer the API call ("
					+ systemInfo.errorCode() + "). Check site, and that the server is reachable from PSA Bridge.",
					List.of("site"));
		}
		String codebase = normalised(connection.codebase());
		boolean otherCodebase = companyCodebase != null && !normalised(companyCodebase).equalsIgnoreCase(codebase);
		return switch (status) {
			case 401 -> problem(connection, systemInfo, "ConnectWise refused the API keys. Check publicKey and "
					+ "privateKey (an API member's keys: System > Members > API Members > API Keys; the private key "
					+ "is shown only once) and that companyId is the company they belong to.",
					List.of("publicKey", "privateKey", "companyId"));
			case 403 -> problem(connection, systemInfo,
					"ConnectWise accepted the keys but the API member's security role does not allow this call. "
							+ "Give the role the rights PSA Bridge needs (System > Security Roles)." + ROLE_DOC,
					List.of());
			case 404 -> otherCodebase
					? problem(connection, systemInfo,
							"The site serves company '" + connection.companyId() + "' under codebase " + companyCodebase
									+ ", not " + connection.codebase() + ". Set codebase to " + companyCodebase
									+ " (or leave it out to use what the site says).",
							List.of("codebase"))
					: problem(connection, systemInfo,
							"ConnectWise cloud answers 404 to wrong keys: check companyId, "
									+ "publicKey and privateKey (an API member's keys), and codebase if you set one.",
							List.of("companyId", "publicKey", "privateKey", "codebase"));
			default -> problem(connection, systemInfo,
					"ConnectWise could not answer now; try again, and check site if it persists.", List.of("site"));
		};
	}

	/** A feature's own call answered 403: the role lacks the right that feature needs. */
	static ErrorResponseException missingRight(TenantConnection connection, CallOutcome outcome, String right,
			String feature) {
		return problem(connection, outcome, "The API member's security role lacks " + right + ", which " + feature
				+ " needs. Add it under System > Security Roles." + ROLE_DOC, List.of());
	}

	private static ErrorResponseException problem(TenantConnection connection, CallOutcome outcome, String fix,
			List<String> check) {
		String message = scrub(scrub(outcome.errorMessage(), connection.privateKey()), connection.publicKey());
		log.info("Tenant {}'s connection to ConnectWise at {} was refused: {} {}", connection.tenantId(),
				connection.site(), (outcome.httpStatus() != null) ? outcome.httpStatus() : "no answer",
				outcome.errorCode());
		String answered = (outcome.httpStatus() != null) ? "ConnectWise answered " + outcome.httpStatus()
				: "ConnectWise did not answer";
		ProblemDetail problem = Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, Problems.CONNECTWISE_REFUSED,
				"ConnectWise refused the connection", answered + " (" + outcome.errorCode() + ")"
						+ ((message != null && !message.isBlank()) ? ": " + message : "") + ". " + fix);
		problem.setProperty("connectwise", new ConnectWiseAnswer(outcome.httpStatus(), outcome.errorCode(), message));
		problem.setProperty("check", check);
		return Problems.exception(problem);
	}

	private static String normalised(String codebase) {
		return (codebase != null) ? codebase.replaceAll("^/+|/+$", "") : "";
	}

	private static String scrub(String text, String secret) {
		return (text == null || secret == null || secret.length() < 4) ? text : text.replace(secret, "****");
	}

	/** What ConnectWise answered a refused call. */
	record ConnectWiseAnswer(Integer httpStatus, String code, String message) {

	}

}
