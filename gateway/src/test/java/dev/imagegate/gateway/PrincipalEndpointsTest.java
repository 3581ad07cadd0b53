package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.testing.MutableClock;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire of LiteLLM's {@code /team/*}, {@code /user/*} and {@code /customer/*} (and {@code /end_user/*}) routes, as
 * a transcript of one conversation with a real gateway checked against {@code principal-endpoints.txt}: every status
 * and body, with secrets, hashes and generated ids masked. {@code -Dprincipal.transcript=FILE} also writes it there.
 */
class PrincipalEndpointsTest {
  private static final String MASTER = "sk-master-principals";
  private static final String[] ADMIN = {"Authorization", "Bearer " + MASTER};
  private static final Pattern SECRET = Pattern.compile("\"key\":\"(sk-[A-Za-z0-9_-]{43})\"");
  private static final Pattern MASKS = Pattern.compile("sk-[A-Za-z0-9_-]{43}|sk-\\.\\.\\.[A-Za-z0-9_-]{4}|[0-9a-f]{64}"
      + "|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
  private final StringBuilder transcript = new StringBuilder();
  private TestGateway gateway;

  @Test
  void teamsUsersAndCustomersAnswerAsTheTranscriptSays() throws Exception {
    try (TestGateway started = new TestGateway(TestGateway.mockConfig("""
        general_settings:
          master_key: %s
        """.formatted(MASTER)), Map.of(), dir, clock)) {
      gateway = started;
      teams();
      users();
      customers();
    }
    String expected;
    try (InputStream in = getClass().getResourceAsStream("principal-endpoints.txt")) {
      expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String out = System.getProperty("principal.transcript");
    if (out != null) {
      Files.writeString(Path.of(out), transcript);
    }
    assertThat(transcript.toString()).isEqualTo(expected);
  }

  private void teams() throws Exception {
    post("/team/new", "{\"team_id\":\"art\",\"team_alias\":\"Art\",\"models\":[\"dall-e-3\"],\"max_budget\":5,"
        + "\"budget_duration\":\"30d\",\"rpm_limit\":10,\"metadata\":{\"cc\":\"42\"}}");
    post("/team/new", "{\"team_id\":\"art\"}");
    post("/team/new", "{\"team_alias\":\"Generated\"}");
    post("/team/new", "{\"team_id\":\"x\",\"user_email\":\"a@example.com\"}");
    post("/team/new", "{\"team_id\":\"x\",\"max_budget\":-1}");
    String secret = secret(post("/key/generate", "{\"team_id\":\"art\",\"key_alias\":\"k-art\"}"));
    post("/key/generate", "{\"team_id\":\"art\",\"key_alias\":\"k-art-2\"}");
    get("/team/info?team_id=art");
    post("/team/update", "{\"team_id\":\"art\",\"max_budget\":null,\"metadata\":{\"cc\":\"43\"},\"models\":null,"
        + "\"budget_duration\":\"1d\"}");
    post("/team/update", "{\"team_id\":\"nope\"}");
    post("/team/update", "{}");
    post("/team/block", "{\"team_id\":\"art\"}");
    post("/team/unblock", "{\"team_id\":\"art\"}");
    post("/team/block", "{\"team_id\":\"nope\"}");
    get("/team/list");
    post("/team/delete", "{\"team_ids\":[]}");
    post("/team/delete", "{\"team_ids\":[\"art\",\"nope\"]}");
    get("/team/info?team_id=art");
    post("/team/delete", "{\"team_ids\":[\"art\"]}");
    get("/team/info?team_id=art");
    get("/key/info?key=" + secret);
  }

  private void users() throws Exception {
    String secret = secret(post("/user/new", "{\"user_id\":\"ann\",\"user_alias\":\"Ann\",\"user_email\":"
        + "\"ann@example.com\",\"user_role\":\"internal_user\",\"models\":[\"dall-e-3\"],\"max_budget\":3,"
        + "\"metadata\":{\"a\":1}}"));
    post("/user/new", "{\"user_id\":\"bob\",\"auto_create_key\":false}");
    post("/user/new", "{\"user_id\":\"ann\"}");
    post("/user/new", "{\"user_id\":\"x\",\"blocked\":true}");
    get("/user/info?user_id=ann");
    get("/user/info");
    post("/user/update", "{\"user_id\":\"ann\",\"user_role\":null,\"budget_duration\":\"1d\",\"models\":[]}");
    post("/user/update", "{\"user_id\":\"ann\",\"rpm_limit\":3}");
    get("/user/list");
    post("/user/delete", "{\"user_ids\":[\"ann\",\"nobody\"]}");
    post("/user/delete", "{\"user_ids\":[\"ann\"]}");
    get("/user/info?user_id=ann");
    get("/key/info?key=" + secret);
  }

  private void customers() throws Exception {
    post("/customer/new", "{\"user_id\":\"c1\",\"alias\":\"Shop\",\"max_budget\":2,\"budget_duration\":\"7d\"}");
    post("/customer/new", "{\"alias\":\"Nameless\"}");
    post("/customer/new", "{\"user_id\":\"c1\"}");
    post("/end_user/new", "{\"user_id\":\"c2\",\"blocked\":true}");
    post("/customer/new", "{\"user_id\":\"c3\",\"models\":[\"dall-e-3\"]}");
    get("/customer/info?end_user_id=c1");
    get("/end_user/info?end_user_id=c2");
    post("/customer/update", "{\"user_id\":\"c1\",\"blocked\":true,\"max_budget\":null}");
    post("/customer/update", "{\"user_id\":\"nobody\"}");
    post("/end_user/unblock", "{\"user_ids\":[\"c2\"]}");
    post("/customer/block", "{\"user_ids\":[\"c2\",\"nobody\"]}");
    get("/customer/list");
    get("/end_user/list");
    post("/customer/delete", "{\"user_ids\":[]}");
    post("/customer/delete", "{\"user_ids\":[\"c1\",\"c2\"]}");
    get("/customer/info?end_user_id=c1");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return record("POST " + path + " " + body, gateway.post(path, body, ADMIN));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return record("GET " + path, gateway.get(path, ADMIN));
  }

  private HttpResponse<String> record(String request, HttpResponse<String> response) {
    transcript.append(mask(request)).append('\n').append(response.statusCode()).append(' ')
        .append(mask(response.body())).append("\n\n");
    clock.advance(Duration.ofSeconds(1));
    return response;
  }

  private static String secret(HttpResponse<String> response) {
    Matcher matcher = SECRET.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return matcher.group(1);
  }

  private static String mask(String text) {
    return MASKS.matcher(text).replaceAll("<masked>");
  }
}
