package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Jetty's own errors in OpenAI's shape; a failure caused by the client's delay (what Jetty reports when a request
 * head times out) is a 408, not a 500, so neither the client nor the access log sees a server error for it.
 */
class JsonErrorHandlerTest {
  private Server server;

  private HttpResponse<String> failWith(Throwable cause) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request, Response response,
                            org.eclipse.jetty.util.Callback callback) {
        Response.writeError(request, response, callback, cause);
        return true;
      }
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/anything");
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void aTimeoutIsA408InOpenAisShape() throws Exception {
    HttpResponse<String> response = failWith(new EofException(new TimeoutException("Idle timeout expired")));

    assertThat(response.statusCode()).isEqualTo(408);
    assertThat(response.body()).contains("\"type\":\"invalid_request_error\"").contains("\"code\":\"408\"")
        .contains("not received in time");
  }

  @Test
  void anyOtherFailureKeepsItsStatusAndShape() throws Exception {
    HttpResponse<String> response = failWith(new IllegalStateException("boom"));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).startsWith("{\"error\":{").contains("\"type\":\"internal_server_error\"")
        .doesNotContain("boom");
  }

  @Test
  void anErrorsOwnTextIsNeverShown() throws Exception {
    HttpResponse<String> response = failWith(new OutOfMemoryError("Java heap space"));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("The gateway failed while handling this request")
        .doesNotContain("OutOfMemoryError").doesNotContain("heap");
  }
}
