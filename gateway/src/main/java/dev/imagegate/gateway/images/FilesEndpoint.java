package dev.imagegate.gateway.images;

import dev.imagegate.ImageFormat;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.Routes;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code GET /v1/images/files/{name}}: serves an image stored for a caller who asked for {@code url}. The name is the
 * credential (unguessable, expiring), as with the signed URLs providers return, so no API key is asked for.
 */
public final class FilesEndpoint implements Routes.Endpoint {
  private final FileImageStore store;

  public FilesEndpoint(FileImageStore store) {
    this.store = store;
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    String name = exchange.pathParam("name");
    Path file = store.find(name).orElseThrow(
        () -> BadRequest.refused(404, "not_found", null, "No such image, or it has expired"));
    byte[] bytes = Files.readAllBytes(file);
    exchange.header("Cache-Control", "private, max-age=3600");
    exchange.bytes(200, ImageFormat.sniff(bytes).mimeType(), bytes);
  }
}
