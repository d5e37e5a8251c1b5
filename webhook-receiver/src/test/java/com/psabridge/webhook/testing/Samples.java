package com.psabridge.webhook.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ConnectWise samples copied from {@code shared/connectwise/samples} into the test
 * resources.
 */
public final class Samples {

	private static final ObjectMapper json = new ObjectMapper();

	private Samples() {
	}

	public static JsonNode read(String name) {
		try (InputStream in = Samples.class.getResourceAsStream("/connectwise-samples/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No sample " + name);
			}
			return json.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The {@code body} of a callback sample, as the bytes ConnectWise would send. */
	public static byte[] callbackBody(String name) {
		try {
			return json.writeValueAsBytes(read(name).get("body"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
