package com.psabridge.simulator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /system/info} and {@code /system/callbacks}.
 */
final class SystemEndpoints {

	static final String VERSION = "v2025.1.12345";

	private static final String CALLBACK = "callbackEntry";

	private final SimulatedSite site;

	SystemEndpoints(SimulatedSite site) {
		this.site = site;
	}

	SimResponse info(ApiCall call, Matcher path) {
		ObjectNode info = Json.object();
		info.put("version", VERSION);
		info.put("isCloud", false);
		info.put("serverTimeZone", "Eastern Standard Time");
		ArrayNode licenseBits = info.putArray("licenseBits");
		for (String bit : List.of("ServiceDesk", "TimeAndExpense", "ProjectManagement", "API")) {
			licenseBits.addObject().put("name", bit).put("activeFlag", true);
		}
		info.put("cloudRegion", "NA");
		return SimResponse.json(200, info);
	}

	SimResponse addCallback(ApiCall call, Matcher path) {
		JsonNode body = Json.readOrNull(call.request().body());
		if (body == null || !body.isObject()) {
			return ApiErrors.invalidObject(CALLBACK, new ApiErrors.FieldError("InvalidObject",
					"The body must be a callbackEntry JSON object", CALLBACK, null));
		}
		List<ApiErrors.FieldError> errors = new ArrayList<>();
		for (String required : List.of("url", "objectId", "type", "level")) {
			if (!body.has(required) || body.get(required).isNull() && !required.equals("objectId")) {
				errors.add(ApiErrors.FieldError.missing(CALLBACK, required));
			}
		}
		String url = body.path("url").asText("");
		if (body.hasNonNull("url") && !isHttpUrl(url)) {
			errors.add(ApiErrors.FieldError.invalid(CALLBACK, "url", "Invalid URL"));
		}
		if (!errors.isEmpty()) {
			return ApiErrors.invalidObject(CALLBACK, errors);
		}
		int objectId = body.path("objectId").asInt(0);
		String type = body.get("type").asText();
		String level = body.get("level").asText();
		Optional<ObjectNode> stored = this.site.addCallback((id) -> {
			String now = Json.date(this.site.now());
			ObjectNode callback = Json.object();
			callback.put("id", id);
			callback.put("description", body.path("description").asText(null));
			callback.put("url", url);
			callback.put("objectId", objectId);
			callback.put("type", type);
			callback.put("level", level);
			callback.put("memberId", SimulatedSite.API_MEMBER_ID);
			callback.put("payloadVersion", body.path("payloadVersion").asText("3.0.0"));
			callback.put("inactiveFlag", body.path("inactiveFlag").asBoolean(false));
			callback.put("isSoapCallbackFlag", false);
			callback.put("isSelfSuppressedFlag", body.path("isSelfSuppressedFlag").asBoolean(false));
			callback.put("connectWiseID", UUID.randomUUID().toString());
			ObjectNode info = callback.putObject("_info");
			info.put("lastUpdated", now);
			info.put("updatedBy", SimulatedSite.API_MEMBER_IDENTIFIER);
			return callback;
		}, (existing) -> existing.path("url").asText().equals(url)
				&& existing.path("type").asText().equalsIgnoreCase(type)
				&& existing.path("level").asText().equalsIgnoreCase(level)
				&& existing.path("objectId").asInt() == objectId);
		if (stored.isEmpty()) {
			return ApiErrors.invalidObject(CALLBACK, new ApiErrors.FieldError("ObjectExists",
					"A matching callback entry already exists", CALLBACK, "objectId"));
		}
		return SimResponse.json(201, stored.get());
	}

	SimResponse callbacks(ApiCall call, Matcher path) {
		return Listing.page(this.site.callbacks(), Fields.CALLBACK, call);
	}

	SimResponse deleteCallback(ApiCall call, Matcher path) {
		long id = Long.parseLong(path.group(1));
		return this.site.removeCallback(id) ? SimResponse.noContent() : ApiErrors.recordNotFound("Callback", id);
	}

	private static boolean isHttpUrl(String url) {
		try {
			URI uri = URI.create(url);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
