package dev.imagegate.gateway;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A {@code multipart/form-data} body built by hand, as curl -F sends it, for gateway tests. */
final class FormBody {
  static final String BOUNDARY = "----imagegate-test-boundary";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  FormBody field(String name, String value) {
    write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    return this;
  }

  FormBody file(String name, String fileName, String contentType, byte[] bytes) {
    write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
    out.writeBytes(bytes);
    write("\r\n");
    return this;
  }

  FormBody png(String name, byte[] bytes) {
    return file(name, name.replace("[]", "") + ".png", "image/png", bytes);
  }

  /** The whole body, closing boundary included. */
  byte[] bytes() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return copy.toByteArray();
  }

  /** The body without its closing boundary, as a client that stopped mid-upload would leave it. */
  byte[] truncated() {
    byte[] all = out.toByteArray();
    return java.util.Arrays.copyOf(all, all.length - 7);
  }

  static String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  HttpResponse<String> post(TestGateway gateway, String path, String key) throws Exception {
    return send(gateway, path, key, contentType(), bytes());
  }

  static HttpResponse<String> send(TestGateway gateway, String path, String key, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void write(String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
