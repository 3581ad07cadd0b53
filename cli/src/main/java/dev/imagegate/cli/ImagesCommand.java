package dev.imagegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageFormat;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.ImageStream;
import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigException;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.guardrail.Guardrails;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.JdkHttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.router.Router;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * What {@code imagegate generate}, {@code edit} and {@code vary} share: the model and its parameters, the provider
 * settings, serving through the SDK or a config's router, saving the images and the exit codes. Subclasses say what
 * the prompt is and add the input images.
 */
abstract class ImagesCommand implements Callable<Integer> {
  private final Env env;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = "gpt-image-1",
      description = "Model string, e.g. dall-e-3, gpt-image-1, mock/imagegate-demo, openai/<name> (default: ${DEFAULT-VALUE}).")
  private String model;

  @Option(names = "--n", paramLabel = "N", description = "Number of images.")
  private Integer n;

  @Option(names = "--size", paramLabel = "SIZE", description = "WIDTHxHEIGHT, an aspect ratio like 16:9, or auto.")
  private String size;

  @Option(names = "--quality", paramLabel = "Q", description = "e.g. standard, hd, low, medium, high, auto.")
  private String quality;

  @Option(names = "--style", paramLabel = "STYLE", description = "e.g. vivid, natural (dall-e-3).")
  private String style;

  @Option(names = "--response-format", paramLabel = "FORMAT", description = "url or b64_json.")
  private String responseFormat;

  @Option(names = "--user", paramLabel = "USER", description = "End-user id passed to the provider.")
  private String user;

  @Option(names = "--api-key", paramLabel = "KEY", description = "API key (default: the provider's env var).")
  private String apiKey;

  @Option(names = "--api-base", paramLabel = "URL", description = "Base URL (e.g. an OpenAI-compatible server).")
  private String apiBase;

  @Option(names = "--api-version", paramLabel = "V", description = "API version (Azure).")
  private String apiVersion;

  @Option(names = "--param", paramLabel = "KEY=VALUE",
      description = "Provider-native field or provider setting; VALUE is JSON when it parses, else a string. "
          + "Repeatable.")
  private List<String> params = new ArrayList<>();

  @Option(names = "--drop-params", description = "Drop parameters the model cannot take instead of failing.")
  private boolean dropParams;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this many seconds (default 600).")
  private Double timeoutSeconds;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
      description = "Directory for the images (default: current directory).")
  private Path out;

  @Option(names = "--json", description = "Print the OpenAI-shaped response JSON on stdout instead of saving files.")
  private boolean json;

  @Option(names = "--stream", description = "Stream: a line per event as it arrives (stderr); partial images are "
      + "saved as NAME.partial-N.EXT.")
  private boolean stream;

  @Option(names = "--partial-images", paramLabel = "N",
      description = "With --stream: partial images to ask for, 0 to 3 (default 0; each costs output tokens).")
  private Integer partialImages;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A LiteLLM-style config.yaml: --model then names a model group, served through the router "
          + "(load balancing, retries, fallbacks) in this process.")
  private Path config;

  ImagesCommand(Env env, PrintStream stdout, PrintStream stderr) {
    this.env = env;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    Optional<String> badStreamFlags = StreamedCall.refusal(stream, partialImages, streams());
    if (badStreamFlags.isPresent()) {
      stderr.println("error: " + badStreamFlags.get());
      return Main.USAGE;
    }
    try {
      ImageRequest request = inputs(buildRequest()).build();
      ImageResponse response;
      String stem = fileBase();
      if (stream) {
        Function<ImageRequest, ImageStream> opener = streamOpener();
        StreamedCall call = new StreamedCall(stderr, json ? null : out, stem, partials());
        response = call.read(opener.apply(request));
        stem = call.stem();
      } else {
        Function<ImageRequest, ImageResponse> generator = config == null ? gate()::generate : router()::generate;
        try (AutoCloseable spinner = Spinner.startIf("1".equals(env.get("IMAGEGATE_STDERR_TTY")), stderr,
            verb() + " with " + model + "...")) {
          response = generator.apply(request);
        }
      }
      if (json) {
        response.writeOpenAiJson(stdout);
        stdout.println();
      } else {
        for (Path file : save(response, stem)) {
          stdout.println(file);
        }
      }
      stderr.println("cost_usd=" + cost(response) + " model=" + response.provider() + "/" + response.model()
          + " latency_ms=" + response.latency().toMillis() + route(response));
      return 0;
    } catch (ConfigException | InvalidConfig e) {
      return Main.USAGE;
    } catch (ImageGateException e) {
      stderr.println("error: " + inCliWords(e.getMessage()));
      return exitCode(e);
    } catch (IOException | java.io.UncheckedIOException e) {
      stderr.println("error: could not write images to " + out.toAbsolutePath() + ": " + e.getMessage());
      return Main.UPSTREAM;
    } catch (Exception e) {
      stderr.println("error: " + e);
      return Main.UPSTREAM;
    }
  }

  private int partials() {
    return partialImages == null ? 0 : partialImages;
  }

  /**
   * What starts the streamed call: the SDK client, or the config's router on a virtual thread. Built before the
   * clock of the event lines starts, so their times are the call's own.
   */
  private Function<ImageRequest, ImageStream> streamOpener() {
    int partials = partials();
    if (config == null) {
      ImageGate gate = gate();
      return request -> gate.generateStreaming(request, partials);
    }
    Router router = router();
    return request -> {
      router.checkStreamable(request, partials);
      return ImageStream.start(listener -> router.generateStreaming(request, partials, listener),
          Thread::startVirtualThread);
    };
  }

  /** Whether this command's operation can be streamed (generate and edit can; vary cannot). */
  boolean streams() {
    return true;
  }

  /** Without a config: the SDK client, with the operator catalogue of {@code IMAGEGATE_MODEL_CATALOG} if set. */
  private ImageGate gate() {
    ImageGate.Builder builder = ImageGate.builder().env(env)
        .lifecycleWarnings(message -> stderr.println("warning: " + message));
    Optional<String> catalog = env.find(ConfigLoader.MODEL_CATALOG_ENV);
    if (catalog.isPresent()) {
      try {
        builder.catalog(Path.of(catalog.get()));
      } catch (ConfigException e) {
        e.errors().forEach(error -> stderr.println("error: " + error));
        throw e;
      }
    }
    return builder.build();
  }

  private Router router() {
    Config loaded = CheckCommand.load(config, env, stderr);
    try {
      JdkHttpTransport transport = new JdkHttpTransport();
      return Router.builder(loaded.deployments()).settings(loaded.routerSettings()).env(loaded.env())
          .transport(transport).guardrails(Guardrails.fromConfig(loaded, transport)).catalog(loaded.catalog())
          .lifecycleWarnings(message -> stderr.println("warning: " + message)).build();
    } catch (IllegalArgumentException e) {
      stderr.println("error: " + e.getMessage());
      throw new InvalidConfig();
    }
  }

  /** The router refused the configuration; the reason is already printed. */
  private static final class InvalidConfig extends RuntimeException {
  }

  /** With --config: which deployment served the call, after how many attempts and fallbacks. */
  private String route(ImageResponse response) {
    if (config == null) {
      return "";
    }
    ImageResponse.Route route = response.route();
    return " deployment=" + route.deploymentId() + " attempts=" + route.attempts()
        + (route.fallbacksTried().isEmpty() ? "" : " fallbacks=" + String.join(",", route.fallbacksTried()));
  }

  /** The prompt, or null (variations take none). */
  abstract String prompt();

  /** {@code builder} with the operation and its input images; generate adds nothing. */
  abstract ImageRequest.Builder inputs(ImageRequest.Builder builder);

  /** What the spinner says: {@code generating}, {@code editing}, {@code varying}. */
  abstract String verb();

  /** The saved files' base name. */
  String fileBase() {
    return FileNames.slug(prompt());
  }

  private ImageRequest.Builder buildRequest() {
    ImageRequest.Builder builder = ImageRequest.builder(prompt()).model(model).n(n).quality(quality).style(style)
        .user(user).apiKey(apiKey).apiBase(apiBase).apiVersion(apiVersion).dropParams(dropParams);
    if (size != null) {
      builder.size(size);
    }
    if (responseFormat != null) {
      builder.responseFormat(responseFormat);
    }
    if (timeoutSeconds != null) {
      if (timeoutSeconds <= 0) {
        throw new dev.imagegate.error.BadRequest("--timeout must be a positive number of seconds", "timeout");
      }
      builder.timeout(Duration.ofMillis((long) (timeoutSeconds * 1000)));
    }
    builder.extras(parseParams(params));
    return builder;
  }

  /** {@code key=value} pairs; values are JSON when they parse as JSON, else strings. */
  static Map<String, Object> parseParams(List<String> params) {
    Map<String, Object> extras = new LinkedHashMap<>();
    for (String param : params) {
      int eq = param.indexOf('=');
      if (eq <= 0) {
        throw new dev.imagegate.error.BadRequest("Invalid --param '" + param + "': expected KEY=VALUE", "param");
      }
      String key = param.substring(0, eq).trim();
      String raw = param.substring(eq + 1);
      extras.put(key, jsonOrString(raw));
    }
    return extras;
  }

  private static Object jsonOrString(String raw) {
    try {
      JsonNode node = Json.MAPPER.readTree(raw);
      return node == null || node.isMissingNode() ? raw : Json.MAPPER.treeToValue(node, Object.class);
    } catch (IOException e) {
      return raw;
    }
  }

  /** Saves the response's images as {@code base.ext}, or {@code base-1.ext}, {@code base-2.ext}, ... */
  private List<Path> save(ImageResponse response, String base) throws IOException {
    Files.createDirectories(out);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < response.data().size(); i++) {
      ImageData image = response.data().get(i);
      byte[] bytes = image.bytes();
      String name = response.data().size() == 1 ? base : base + "-" + (i + 1);
      Path file = FileNames.unused(out, name, ImageFormat.sniff(bytes).extension());
      Files.write(file, bytes);
      files.add(file);
    }
    return files;
  }

  private static String cost(ImageResponse response) {
    return response.cost().usd().map(BigDecimal::toPlainString).orElse("unpriced");
  }

  /** The SDK's messages name its builder methods ({@code apiKey (api_key)}); here the user passes options. */
  static String inCliWords(String message) {
    return message.replace("apiKey (api_key)", "--api-key").replace("apiBase (api_base)", "--api-base")
        .replace("apiVersion (api_version)", "--api-version");
  }

  /** 2 when the request never reached a provider (validation, unknown model, missing key); else 3. */
  static int exitCode(ImageGateException e) {
    boolean local = e.upstreamStatus().isEmpty();
    return switch (e) {
      case dev.imagegate.error.BadRequest b -> local ? Main.USAGE : Main.UPSTREAM;
      case dev.imagegate.error.NotFound nf -> local ? Main.USAGE : Main.UPSTREAM;
      case dev.imagegate.error.Authentication a -> local ? Main.USAGE : Main.UPSTREAM;
      case dev.imagegate.error.ContentPolicyViolation c -> local ? Main.USAGE : Main.UPSTREAM;
      default -> Main.UPSTREAM;
    };
  }
}
