package com.psabridge.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * A GET of a collection: {@code conditions}, {@code orderBy}, {@code page} and
 * {@code pageSize} (default 25, at most 1000), with ConnectWise's {@code Link} header.
 */
final class Listing {

	static final int DEFAULT_PAGE_SIZE = 25;

	static final int MAX_PAGE_SIZE = 1000;

	private Listing() {
	}

	static SimResponse page(List<? extends JsonNode> records, Fields fields, ApiCall call) {
		List<JsonNode> matching;
		try {
			Predicate<JsonNode> conditions = Conditions.parse(call.request().param("conditions"), fields);
			matching = new ArrayList<>(records.stream().filter(conditions).toList());
			matching.sort(Conditions.orderBy(call.request().param("orderBy"), fields));
		}
		catch (Conditions.InvalidQuery ex) {
			return invalidQuery(ex, fields);
		}
		int pageSize = Math.min(intParam(call.request(), "pageSize", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
		int page = intParam(call.request(), "page", 1);
		int lastPage = Math.max(1, (matching.size() + pageSize - 1) / pageSize);
		ArrayNode body = Json.array();
		int from = (int) Math.min((long) (page - 1) * pageSize, matching.size());
		matching.subList(from, Math.min(from + pageSize, matching.size())).forEach(body::add);
		SimResponse response = SimResponse.json(200, body);
		String link = link(call, page, pageSize, lastPage);
		return link.isEmpty() ? response : response.withHeader("Link", link);
	}

	static SimResponse count(List<? extends JsonNode> records, Fields fields, ApiCall call) {
		try {
			Predicate<JsonNode> conditions = Conditions.parse(call.request().param("conditions"), fields);
			return SimResponse.json(200, Json.object().put("count", records.stream().filter(conditions).count()));
		}
		catch (Conditions.InvalidQuery ex) {
			return invalidQuery(ex, fields);
		}
	}

	private static SimResponse invalidQuery(Conditions.InvalidQuery ex, Fields fields) {
		List<ApiErrors.FieldError> errors = (ex.field() != null)
				? List.of(ApiErrors.FieldError.invalid(fields.resource(), ex.field(), ex.getMessage())) : List.of();
		var body = ApiErrors.error("InvalidObject", ex.getMessage());
		if (!errors.isEmpty()) {
			body.set("errors", ApiErrors.invalidObjectBody(fields.resource(), errors).get("errors"));
		}
		return SimResponse.json(400, body);
	}

	private static int intParam(SimRequest request, String name, int fallback) {
		String value = request.param(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Math.max(1, Integer.parseInt(value.trim()));
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	/**
	 * {@code <...&pageSize=25&page=2>; rel="next", <...&pageSize=25&page=4>; rel="last"},
	 * with {@code first} and {@code prev} past page one; the other parameters are kept as
	 * sent.
	 */
	private static String link(ApiCall call, int page, int pageSize, int lastPage) {
		StringBuilder kept = new StringBuilder();
		for (String pair : call.request().rawQuery().split("&")) {
			String key = SimRequest.decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
			if (!pair.isEmpty() && !key.equalsIgnoreCase("page") && !key.equalsIgnoreCase("pageSize")) {
				kept.append(pair).append('&');
			}
		}
		String prefix = call.origin() + call.request().path() + "?" + kept + "pageSize=" + pageSize + "&page=";
		List<String> links = new ArrayList<>();
		if (page > 1) {
			links.add("<" + prefix + 1 + ">; rel=\"first\"");
			links.add("<" + prefix + Math.min(page - 1, lastPage) + ">; rel=\"prev\"");
		}
		if (page < lastPage) {
			links.add("<" + prefix + (page + 1) + ">; rel=\"next\"");
			links.add("<" + prefix + lastPage + ">; rel=\"last\"");
		}
		return String.join(", ", links);
	}

}
