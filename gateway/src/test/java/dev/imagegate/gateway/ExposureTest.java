package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the read-only endpoints show a key holder: {@code api_base} without its userinfo or secret query values,
 * {@code /health} only for the caller's own model groups, and {@code /key/info} that does not tell whether another
 * key exists.
 */
class ExposureTest {
  private static final String MASTER = "sk-master-exposure";

  @TempDir
  Path dir;
  private TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = new TestGateway("""
        model_list:
          - model_name: team-a
            litellm_params: {model: openai/dall-e-3, api_base: "http://alice:PASSW0RD-A@127.0.0.1:9/v1", api_key: sk-a}
          - model_name: team-b
            litellm_params: {model: openai/dall-e-3, api_base: "http://127.0.0.1:9/v1?api_key=QUERY-SECRET-B&region=eu",
                             api_key: sk-b}
        general_settings:
          master_key: %s
        """.formatted(MASTER), Map.of(), dir, new MutableClock(Instant.parse("2026-12-04T12:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  private String key(String models) throws Exception {
    HttpResponse<String> made = gateway.post("/key/generate", "{\"models\":" + models + "}",
        "Authorization", "Bearer " + MASTER);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    return TestGateway.json(made).path("key").asText();
  }

  private static List<String> names(JsonNode entries, String field) {
    List<String> out = new ArrayList<>();
    entries.forEach(entry -> out.add(entry.path(field).asText()));
    return out;
  }

  @Test
  void apiBaseSecretsAreMaskedInModelInfoAndHealth() throws Exception {
    String info = gateway.get("/v1/model/info", "Authorization", "Bearer " + MASTER).body();
    String health = gateway.get("/health", "Authorization", "Bearer " + MASTER).body();

    for (String body : List.of(info, health)) {
      assertThat(body).doesNotContain("PASSW0RD-A").doesNotContain("alice").doesNotContain("QUERY-SECRET-B");
      assertThat(body).contains("http://****@127.0.0.1:9/v1").contains("http://127.0.0.1:9/v1?api_key=****&region=eu");
    }
  }

  @Test
  void healthListsOnlyTheCallersModelGroupsAndEveryGroupForTheMasterKey() throws Exception {
    String teamA = key("[\"team-a\"]");

    JsonNode own = TestGateway.json(gateway.get("/health", "Authorization", "Bearer " + teamA));
    JsonNode all = TestGateway.json(gateway.get("/health", "Authorization", "Bearer " + MASTER));

    List<String> ownGroups = new ArrayList<>(names(own.path("healthy_endpoints"), "model_name"));
    ownGroups.addAll(names(own.path("unhealthy_endpoints"), "model_name"));
    List<String> allGroups = new ArrayList<>(names(all.path("healthy_endpoints"), "model_name"));
    allGroups.addAll(names(all.path("unhealthy_endpoints"), "model_name"));
    assertThat(ownGroups).containsExactly("team-a");
    assertThat(allGroups).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(own.toString()).doesNotContain("team-b").doesNotContain("QUERY-SECRET-B");
  }

  @Test
  void keyInfoAnswersTheSameForAKeyThatDoesNotExistAndAnotherTeamsKey() throws Exception {
    String mine = key("[\"team-a\"]");
    String theirs = key("[\"team-b\"]");

    HttpResponse<String> other = gateway.get("/key/info?key=" + theirs, "Authorization", "Bearer " + mine);
    HttpResponse<String> missing = gateway.get("/key/info?key=sk-does-not-exist-0000", "Authorization",
        "Bearer " + mine);
    HttpResponse<String> missingHash = gateway.get("/key/info?key=" + "ab".repeat(32), "Authorization",
        "Bearer " + mine);

    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(missing.statusCode()).isEqualTo(other.statusCode());
    assertThat(missingHash.statusCode()).isEqualTo(other.statusCode());
    assertThat(missing.body()).isEqualTo(other.body()).isEqualTo(missingHash.body());
    assertThat(gateway.get("/key/info?key=" + mine, "Authorization", "Bearer " + mine).statusCode()).isEqualTo(200);
  }

  @Test
  void aRefusedManagementPathDoesNotQuoteTheKeyInIt() throws Exception {
    String mine = key("[\"team-a\"]");
    String theirs = key("[\"team-b\"]");

    HttpResponse<String> refused = gateway.post("/key/" + theirs + "/regenerate", "{}", "Authorization",
        "Bearer " + mine);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("/key/<key>/regenerate").doesNotContain(theirs);
  }

}
