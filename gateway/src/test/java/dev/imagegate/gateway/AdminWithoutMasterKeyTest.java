package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.keys.KeyListQuery;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway without a master key refuses every management endpoint with a 403 naming the setting, and writes nothing. */
class AdminWithoutMasterKeyTest {
  @TempDir
  Path dir;

  @Test
  void everyAdminEndpointAnswers403NamingTheSetting() throws Exception {
    try (TestGateway gateway = new TestGateway(TestGateway.mockConfig(""), Map.of(), dir, Clock.systemUTC())) {
      List<String> posts = List.of("/key/generate", "/key/update", "/key/delete", "/key/block", "/key/regenerate",
          "/key/sk-x/regenerate", "/team/new", "/team/delete", "/user/new", "/customer/new", "/end_user/block",
          "/global/spend/end_users");
      for (String path : posts) {
        assertRefused(gateway.post(path, "{\"key_alias\":\"a\",\"team_id\":\"t\",\"user_id\":\"u\"}"), path);
      }
      List<String> gets = List.of("/key/info?key=sk-x", "/key/info", "/key/list", "/team/list", "/team/info?team_id=t",
          "/user/info?user_id=u", "/user/list", "/customer/info?end_user_id=c", "/customer/list", "/end_user/list",
          "/spend/logs", "/global/spend",
          "/global/spend/keys", "/global/spend/models", "/global/spend/end_users");
      for (String path : gets) {
        assertRefused(gateway.get(path), path);
      }
      assertThat((List<?>) gateway.gateway.accounts().keys().list(KeyListQuery.from(name -> null)).toJson()
          .get("keys")).as("nothing was written").isEmpty();
      // the open gateway still serves images
      assertThat(gateway.post("/v1/images/generations", "{\"model\":\"mock/imagegate-demo\",\"prompt\":\"x\","
          + "\"size\":\"64x64\"}").statusCode()).isEqualTo(200);
    }
  }

  private static void assertRefused(HttpResponse<String> response, String path) {
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(403);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("message").asText()).as(path).contains("needs a master key")
        .contains("general_settings.master_key").contains("LITELLM_MASTER_KEY");
    assertThat(error.has("type") && error.has("param") && error.has("code")).isTrue();
  }
}
