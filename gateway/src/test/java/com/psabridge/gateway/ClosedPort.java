package com.psabridge.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A local port nobody listens on, to stand for a service that is down without stopping
 * the real one that other tests share.
 */
public final class ClosedPort {

	private ClosedPort() {
	}

	public static int find() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
