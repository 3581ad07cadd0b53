package dev.imagegate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import mockwebserver3.MockResponse;

/** Small helpers for provider contract tests. */
public final class MockServers {
  private MockServers() {
  }

  public static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** A URL on a local port where nothing listens: connections are refused. */
  public static String closedPortUrl(String path) {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort() + path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tiny valid PNG (1x1), base64-encoded. */
  public static final String PNG_1X1 =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
}
