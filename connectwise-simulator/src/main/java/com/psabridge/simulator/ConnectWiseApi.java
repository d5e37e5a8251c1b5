package com.psabridge.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * ConnectWise's HTTP surface: {@code /login/companyinfo/{companyId}} and
 * {@code /{codebase}/apis/3.0/...} for any codebase, with its authentication and headers.
 */
final class ConnectWiseApi {

	static final String CODEBASE = "v2025_1/";

	// "v2025_1/" from companyinfo makes clients build ".../v2025_1//apis/3.0":
	// ConnectWise accepts that.
	private static final Pattern API_PATH = Pattern.compile("^/([^/]+)/+apis/3\\.0(/.*)?$", Pattern.CASE_INSENSITIVE);

	private static final Pattern COMPANY_INFO = Pattern.compile("^/login/companyinfo/([^/]+)/?$",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Handles one route; {@code path} has matched the route's pattern.
	 */
	@FunctionalInterface
	interface Handler {

		SimResponse handle(ApiCall call, Matcher path);

	}

	private record Route(String method, Pattern pattern, Handler handler) {

		static Route of(String method, String regex, Handler handler) {
			return new Route(method, Pattern.compile(regex), handler);
		}

	}

	private final SimulatedSite site;

	private final Supplier<String> origin;

	private final List<Route> routes;

	ConnectWiseApi(SimulatedSite site, Supplier<String> origin) {
		this.site = site;
		this.origin = origin;
		MemberEndpoints members = new MemberEndpoints(site);
		TicketEndpoints tickets = new TicketEndpoints(site, members);
		TimeEntryEndpoints timeEntries = new TimeEntryEndpoints(site, members);
		SystemEndpoints system = new SystemEndpoints(site);
		this.routes = List.of(Route.of("GET", "/system/info", system::info),
				Route.of("GET", "/system/members", members::list),
				Route.of("GET", "/system/members/count", members::count),
				Route.of("GET", "/system/members/(\\d{1,9})", members::get),
				Route.of("POST", "/system/callbacks", system::addCallback),
				Route.of("GET", "/system/callbacks", system::callbacks),
				Route.of("DELETE", "/system/callbacks/(\\d{1,18})", system::deleteCallback),
				Route.of("GET", "/service/tickets/(\\d{1,18})", tickets::get),
				Route.of("PATCH", "/service/tickets/(\\d{1,18})", tickets::patch),
				Route.of("POST", "/service/tickets/(\\d{1,18})/notes", tickets::addNote),
				Route.of("GET", "/service/tickets/(\\d{1,18})/notes", tickets::notes),
				Route.of("GET", "/service/tickets/(\\d{1,18})/notes/count", tickets::countNotes),
				Route.of("GET", "/service/tickets/(\\d{1,18})/notes/(\\d{1,18})", tickets::note),
				Route.of("POST", "/time/entries", timeEntries::add),
				Route.of("GET", "/time/entries", timeEntries::list),
				Route.of("GET", "/time/entries/count", timeEntries::count),
				Route.of("GET", "/time/entries/(\\d{1,18})", timeEntries::get));
	}

	/**
	 * Answers a request that is not for the simulator's own {@code /__sim} endpoints.
	 */
	SimResponse handle(SimRequest request) {
		return route(request).withHeader("x-cw-request-id", UUID.randomUUID().toString());
	}

	private SimResponse route(SimRequest request) {
		Matcher companyInfo = COMPANY_INFO.matcher(request.path());
		if (companyInfo.matches()) {
			return request.method().equals("GET")
					? companyInfo(SimRequest.decode(companyInfo.group(1)), origin(request))
					: ApiErrors.endpointNotFound();
		}
		Matcher api = API_PATH.matcher(request.path());
		if (!api.matches()) {
			return ApiErrors.endpointNotFound();
		}
		Optional<Company> company = authenticate(request.header("Authorization"));
		if (company.isEmpty()) {
			return ApiErrors.unauthorized((request.header("Authorization") == null)
					? "Authorization has been denied for this request." : "Incorrect public/private key");
		}
		String clientId = request.header("clientId");
		if (clientId == null || clientId.isBlank()) {
			return ApiErrors
				.unauthorized("clientId is required: send the clientId header with your integration's client id.");
		}
		SimResponse acceptProblem = checkAccept(request.header("Accept"));
		if (acceptProblem != null) {
			return acceptProblem;
		}
		String resource = (api.group(2) != null) ? api.group(2).replaceAll("/{2,}", "/").replaceAll("/$", "") : "";
		String origin = origin(request);
		ApiCall call = new ApiCall(request, origin, origin + "/" + api.group(1) + "/apis/3.0", company.get());
		String lowerResource = resource.toLowerCase(Locale.ROOT);
		for (Route route : this.routes) {
			Matcher path = route.pattern().matcher(lowerResource);
			if (path.matches() && route.method().equals(request.method())) {
				return route.handler().handle(call, path);
			}
		}
		return ApiErrors.endpointNotFound();
	}

	/**
	 * Unknown companies answer 404, so a mistyped company id fails loudly at setup.
	 */
	private SimResponse companyInfo(String companyId, String origin) {
		return this.site.company(companyId).map((company) -> {
			ObjectNode info = Json.object();
			info.put("CompanyName", company.companyId());
			info.put("Codebase", CODEBASE);
			info.put("VersionCode", "v2025.1");
			info.put("VersionNumber", "v4.6.12345");
			info.put("CompanyID", company.companyId());
			info.put("IsCloud", false);
			info.put("SiteUrl", origin.replaceFirst("^https?://", ""));
			return SimResponse.json(200, info);
		}).orElseGet(() -> ApiErrors.recordNotFound("Company", companyId));
	}

	/**
	 * Links point where the client connected (the Host header), as ConnectWise's do.
	 */
	private String origin(SimRequest request) {
		String host = request.header("Host");
		return (host != null && !host.isBlank()) ? "http://" + host : this.origin.get();
	}

	/**
	 * Checks {@code Basic base64("{companyId}+{publicKey}:{privateKey}")}.
	 */
	private Optional<Company> authenticate(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return Optional.empty();
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		int colon = decoded.indexOf(':');
		int plus = decoded.indexOf('+');
		if (colon < 0 || plus < 0 || plus > colon) {
			return Optional.empty();
		}
		String publicKey = decoded.substring(plus + 1, colon);
		String privateKey = decoded.substring(colon + 1);
		return this.site.company(decoded.substring(0, plus))
			.filter((company) -> company.publicKey().equals(publicKey) && company.privateKey().equals(privateKey));
	}

	/**
	 * Stricter than ConnectWise, which defaults to its newest version: a client that
	 * sends no Accept has not pinned the API version it was written against.
	 */
	private static SimResponse checkAccept(String accept) {
		if (accept == null || accept.isBlank()) {
			return ApiErrors.body(400, "ConnectWiseApi", "The Accept header is required (simulator rule): send "
					+ "application/vnd.connectwise.com+json; version=2025.8 to pin the API version.");
		}
		String lower = accept.toLowerCase(Locale.ROOT);
		if (!lower.contains("json") && !lower.contains("*/*") && !lower.contains("application/*")) {
			return ApiErrors.body(406, "ConnectWiseApi", "The Accept header " + accept + " allows no JSON response.");
		}
		return null;
	}

}
