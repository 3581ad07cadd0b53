package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /openapi.json} describes exactly the routes the gateway registers: none missing, none invented. */
class OpenApiTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");

  @TempDir
  Path dir;

  @Test
  void theDocumentAndTheRouteTableNameTheSameRoutes() throws Exception {
    try (TestGateway gateway = new TestGateway(TestGateway.mockConfig(""), Map.of(), dir, Clock.systemUTC())) {
      HttpResponse<String> response = gateway.get("/openapi.json");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
      JsonNode doc = TestGateway.json(response);
      assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");

      List<String> documented = new ArrayList<>();
      doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
        if (METHODS.contains(operation.getKey())) {
          documented.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
        }
      }));
      List<String> served = gateway.gateway.routeTable();
      assertThat(served).as("every documented route is served").containsAll(documented);
      assertThat(documented).as("every served route is documented").containsAll(served);
      assertThat(documented).doesNotHaveDuplicates().hasSameSizeAs(served);
    }
  }

  @Test
  void everyOperationHasASummaryResponsesAndItsPathParameters() throws Exception {
    try (TestGateway gateway = new TestGateway(TestGateway.mockConfig(""), Map.of(), dir, Clock.systemUTC())) {
      JsonNode doc = TestGateway.json(gateway.get("/openapi.json"));
      doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
        String name = operation.getKey() + " " + path.getKey();
        assertThat(operation.getValue().path("summary").asText()).as(name).isNotBlank();
        assertThat(operation.getValue().path("responses").has("default")).as(name).isTrue();
        List<String> declared = new ArrayList<>();
        operation.getValue().path("parameters").forEach(p -> {
          if (p.path("in").asText().equals("path")) {
            declared.add(p.path("name").asText());
          }
        });
        List<String> inPath = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
        while (m.find()) {
          inPath.add(m.group(1));
        }
        assertThat(declared).as(name + " path parameters").containsExactlyInAnyOrderElementsOf(inPath);
      }));
      // every $ref resolves
      String text = doc.toString();
      java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\"\\$ref\":\"#/([^\"]+)\"").matcher(text);
      while (refs.find()) {
        assertThat(doc.at("/" + refs.group(1)).isMissingNode()).as(refs.group(1)).isFalse();
      }
    }
  }
}
