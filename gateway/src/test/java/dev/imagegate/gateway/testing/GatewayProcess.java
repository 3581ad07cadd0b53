package dev.imagegate.gateway.testing;

import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.gateway.Gateway;
import dev.imagegate.gateway.GatewaySettings;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway in its own JVM, started from a config file on the test classpath: what crash and fleet tests kill
 * with SIGKILL or run side by side. {@link #main} is that process; {@link #start} launches it and waits until it
 * answers.
 */
public final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private GatewayProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The process: {@code <config.yaml> <port file>}. Serves until killed; SIGTERM closes the gateway cleanly. */
  public static void main(String[] args) throws Exception {
    Config config = new ConfigLoader(Env.system(), ProviderRegistry.standard()).load(Path.of(args[0]));
    GatewaySettings settings = GatewaySettings.from(config, config.env(), "127.0.0.1", 0, false);
    Gateway gateway = Gateway.start(config, settings, config.env(), Clock.systemUTC(), System.err);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        gateway.close();
      } catch (Exception e) {
        System.err.println("shutdown failed: " + e);
      }
    }));
    Path portFile = Path.of(args[1]);
    Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"), Integer.toString(gateway.port()));
    Files.move(portFile.resolveSibling(portFile.getFileName() + ".tmp"), portFile);
    gateway.join();
  }

  /** Starts a gateway process for {@code config} and returns once it listens (at most a minute). */
  public static GatewayProcess start(Path config, Path workDir, String name) throws Exception {
    return start(config, workDir, name, Map.of());
  }

  /** {@link #start(Path, Path, String)} with {@code env} added to the process environment. */
  public static GatewayProcess start(Path config, Path workDir, String name, Map<String, String> env)
      throws Exception {
    Path portFile = workDir.resolve(name + ".port");
    Files.deleteIfExists(portFile);
    Path log = workDir.resolve(name + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(), config.toString(),
        portFile.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (!Files.exists(portFile)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("gateway process " + name + " did not start: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return new GatewayProcess(process, Integer.parseInt(Files.readString(portFile).trim()), log);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public HttpResponse<String> post(HttpClient client, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** SIGKILL: the JVM gets no chance to flush anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the shutdown hook to close the gateway; returns the exit code. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the gateway process did not stop within a minute of SIGTERM");
    }
    return process.exitValue();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
