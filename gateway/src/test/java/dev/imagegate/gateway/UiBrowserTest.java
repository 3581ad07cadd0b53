package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin UI end to end in a real browser: Debian's Chromium, headless, driven by {@code playwright-core}
 * ({@code src/test/ui/ui.test.mjs}) against two real gateways on ephemeral ports with the mock provider, one with a
 * master key and one without. The script signs in, creates a key (alias {@code <img src=x onerror=alert(1)>}, which
 * must show as text) and sees it once, generates in the playground as that key, finds the call in the spend table and
 * chart, exports CSV, blocks the key and sees its next call fail, and checks that the open gateway says admin is
 * disabled and why. It saves screenshots of the keys, spend, playground and models pages to
 * {@code target/ui-screenshots/}, or to {@code docs/ui/} (shown in the README) with {@code UPDATE_UI_SCREENSHOTS=1}, so
 * that an ordinary test run leaves the working tree clean. Skips with a message when Chromium, Node or the script's {@code node_modules} are missing, except under
 * {@code CI=true}, where that fails ({@code .ci/run} installs them).
 */
class UiBrowserTest {
  private static final String MASTER = "sk-master-browser-test";
  private static final Path SCRIPT_DIR = Path.of("src/test/ui").toAbsolutePath();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCREENSHOTS = ("1".equals(System.getenv("UPDATE_UI_SCREENSHOTS"))
      ? Path.of("..", "docs", "ui") : Path.of("target", "ui-screenshots")).toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void signInCreateAKeyGenerateSeeTheSpendBlockTheKey() throws Exception {
    String node = requireTools();
    Path main = Files.createDirectories(dir.resolve("main"));
    Path open = Files.createDirectories(dir.resolve("open"));
    try (TestGateway gateway = new TestGateway("""
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo, output_cost_per_image: 0.04}
        general_settings:
          master_key: %s
          proxy_batch_write_at: 0.2
        """.formatted(MASTER), Map.of(), main, Clock.systemUTC());
         TestGateway openGateway = new TestGateway(TestGateway.mockConfig(""), Map.of(), open, Clock.systemUTC())) {
      Files.createDirectories(SCREENSHOTS);
      Path output = dir.resolve("node-output.txt");
      Process process = new ProcessBuilder(node, "ui.test.mjs", gateway.url(""), MASTER, openGateway.url(""),
          SCREENSHOTS.toString())
          .directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean finished = process.waitFor(5, TimeUnit.MINUTES);
      if (!finished) {
        process.destroyForcibly().waitFor();
      }
      String log = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(finished).as("the browser test finished within 5 minutes:\n" + log).isTrue();
      assertThat(process.exitValue()).as(log).isZero();
      assertThat(log).contains("PASSED").doesNotContain("not ok");
      for (String page : List.of("keys.png", "spend.png", "playground.png")) {
        assertThat(SCREENSHOTS.resolve(page)).as(page).isNotEmptyFile();
      }
    }
  }

  /** The node binary, after checking Chromium and the script's packages; skips (or fails under CI=true) otherwise. */
  private static String requireTools() throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(CHROMIUM)) {
      missing.add("Chromium at " + CHROMIUM + " (apt-get install chromium)");
    }
    String node = findNode();
    if (node == null) {
      missing.add("Node.js 20+ on PATH");
    }
    if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core"))) {
      missing.add("playwright-core (npm ci in " + SCRIPT_DIR + ")");
    }
    if (!missing.isEmpty()) {
      String message = "UiBrowserTest: missing " + String.join(", ", missing);
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true: the browser tests must run; .ci/run installs them)");
      }
      System.err.println("SKIPPED " + message);
      Assumptions.abort(message);
    }
    return node;
  }

  private static String findNode() throws InterruptedException {
    for (String candidate : List.of("node", "nodejs")) {
      try {
        Process probe = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        // not on PATH: try the next name
      }
    }
    return null;
  }
}
