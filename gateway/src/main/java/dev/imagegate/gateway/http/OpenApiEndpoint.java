package dev.imagegate.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of every route in the gateway's {@link Routes} table (a
 * test compares the two both ways), served as bundled. Open without auth, as LiteLLM's.
 */
public final class OpenApiEndpoint implements Routes.Endpoint {
  private static final String RESOURCE = "openapi.json";
  private final byte[] document;

  public OpenApiEndpoint() {
    try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled " + RESOURCE + " is missing from the gateway jar");
      }
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(Exchange exchange) throws IOException {
    exchange.bytes(200, "application/json", document);
  }
}
