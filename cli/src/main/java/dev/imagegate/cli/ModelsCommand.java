package dev.imagegate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.catalog.Lifecycle;
import dev.imagegate.catalog.ModelEntry;
import dev.imagegate.catalog.SizeRule;
import dev.imagegate.config.CatalogFile;
import dev.imagegate.config.ConfigException;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.config.ConfigProblem;
import dev.imagegate.cost.Pricing;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.Json;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagegate models}: the model catalogue (bundled, plus the operator's file) as a table or JSON. */
@Command(name = "models", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print the model catalogue: each model's operations, sizes, prices and lifecycle.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate models",
        "  imagegate models --provider openai",
        "  imagegate models --catalog my-models.yaml --json",
        "",
        "The operator's catalogue comes from --catalog, else IMAGEGATE_MODEL_CATALOG.",
        "Exit codes: 0 printed, 2 a bad catalogue file (each problem with file:line)."})
final class ModelsCommand implements Callable<Integer> {
  private final Env env;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Clock clock;

  @Option(names = "--provider", paramLabel = "P", description = "Only this provider's models (e.g. openai, gemini).")
  private String provider;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  @Option(names = "--catalog", paramLabel = "FILE",
      description = "An operator catalogue (YAML or JSON) merged over the bundled one.")
  private Path catalogFile;

  ModelsCommand(Env env, PrintStream stdout, PrintStream stderr, Clock clock) {
    this.env = env;
    this.stdout = stdout;
    this.stderr = stderr;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    Catalog catalog;
    try {
      catalog = catalog();
    } catch (ConfigException e) {
      for (ConfigProblem error : e.errors()) {
        stderr.println("error: " + error);
      }
      return Main.USAGE;
    }
    List<Map.Entry<String, ModelEntry>> shown = catalog.entries().entrySet().stream()
        .filter(e -> provider == null || e.getKey().startsWith(provider + "/")).toList();
    if (shown.isEmpty()) {
      stderr.println("error: no catalogued models for provider '" + provider + "'");
      return Main.USAGE;
    }
    LocalDate today = LocalDate.now(clock);
    if (json) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      shown.forEach(e -> out.add(json(e.getKey(), e.getValue())));
      try {
        stdout.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return 0;
    }
    Table table = Table.of("model", "operations", "n", "sizes", "prices", "lifecycle");
    for (Map.Entry<String, ModelEntry> e : shown) {
      ModelEntry entry = e.getValue();
      ObjectNode row = Json.object();
      row.put("model", e.getKey());
      row.put("operations", String.join(",", entry.operations()));
      row.put("n", entry.n().min() == entry.n().max() ? "" + entry.n().min()
          : entry.n().min() + ".." + entry.n().max());
      row.put("sizes", sizes(entry));
      row.put("prices", prices(entry.prices()) + estimate(entry));
      row.put("lifecycle", lifecycle(entry.lifecycle(), today));
      table.row(row, "model", "operations", "n", "sizes", "prices", "lifecycle");
    }
    stdout.print(table.render());
    stdout.println(shown.size() + " model(s); prices in USD; 'imagegate models --json' prints every field");
    return 0;
  }

  private Catalog catalog() {
    Path file = catalogFile != null ? catalogFile
        : env.find(ConfigLoader.MODEL_CATALOG_ENV).map(Path::of).orElse(null);
    return file == null ? Catalog.bundled() : CatalogFile.load(file, Catalog.bundled());
  }

  static String sizes(ModelEntry entry) {
    List<String> parts = new ArrayList<>();
    if (entry.sizes() != null) {
      parts.add(entry.sizes().contains("*") ? "any" : abbreviate(entry.sizes(), 4));
    }
    if (entry.sizeRule() != null) {
      parts.add(rule(entry.sizeRule()));
    }
    if (!entry.aspectRatios().isEmpty()) {
      parts.add("ratios " + abbreviate(entry.aspectRatios(), 6));
    }
    if (!entry.imageSizes().isEmpty()) {
      parts.add("imageSize " + String.join("/", entry.imageSizes()));
    }
    return parts.isEmpty() ? "-" : String.join("; ", parts);
  }

  /** A size rule in a few characters: {@code WxH x16 max 3840 ratio<=3 655360..8294400px}. */
  static String rule(SizeRule rule) {
    List<String> parts = new ArrayList<>(List.of("WxH"));
    if (rule.edgeMultiple() != null) {
      parts.add("x" + rule.edgeMultiple());
    }
    if (rule.minEdge() != null) {
      parts.add("min " + rule.minEdge());
    }
    if (rule.maxEdge() != null) {
      parts.add("max " + rule.maxEdge());
    }
    if (rule.maxRatio() != null) {
      parts.add("ratio<=" + plain(rule.maxRatio()));
    }
    if (rule.minPixels() != null || rule.maxPixels() != null) {
      parts.add((rule.minPixels() == null ? "" : rule.minPixels()) + ".." + (rule.maxPixels() == null ? ""
          : rule.maxPixels()) + "px");
    }
    return String.join(" ", parts);
  }

  static String prices(Pricing.ModelPrice price) {
    if (price == null) {
      return "unpriced";
    }
    List<String> parts = new ArrayList<>();
    Pricing.TokenPrice tokens = price.perToken();
    if (tokens != null) {
      parts.add("per 1M tokens: text in " + perMillion(tokens.inputText()) + ", image in "
          + perMillion(tokens.inputImage()) + ", image out " + perMillion(tokens.outputImage())
          + (tokens.outputText() == null ? "" : ", text out " + perMillion(tokens.outputText())));
    }
    if (!price.perImage().isEmpty()) {
      BigDecimal min = price.perImage().values().stream().min(BigDecimal::compareTo).orElseThrow();
      BigDecimal max = price.perImage().values().stream().max(BigDecimal::compareTo).orElseThrow();
      parts.add((min.compareTo(max) == 0 ? "$" + plain(min) : "$" + plain(min) + "-" + plain(max)) + "/image");
    }
    if (price.perPixel() != null) {
      parts.add("$" + plain(price.perPixel().movePointRight(6)) + "/MP");
    }
    if (!price.perStyle().isEmpty()) {
      parts.add("styles " + price.perStyle().entrySet().stream().map(e -> e.getKey() + " $" + plain(e.getValue()))
          .toList());
    }
    if (price.perCredit() != null) {
      parts.add("credits x $" + plain(price.perCredit()));
    }
    return parts.isEmpty() ? "unpriced" : String.join("; ", parts);
  }

  /** {@code ; ~$0.21072/image before the call (auto)}: what budgets reserve for a token-billed model. */
  static String estimate(ModelEntry entry) {
    return entry.estimatedImageCost("auto", "auto").map(usd -> "; ~$" + plain(usd) + "/image before the call (auto)")
        .orElse("");
  }

  static String lifecycle(Lifecycle lifecycle, LocalDate today) {
    return switch (lifecycle.state(today)) {
      case ACTIVE -> "current";
      case DEPRECATED -> "deprecated: " + lifecycle.describe(today);
      case SHUT_DOWN -> "SHUT DOWN: " + lifecycle.describe(today);
    };
  }

  private static ObjectNode json(String key, ModelEntry entry) {
    ObjectNode node = Json.object();
    node.put("model", key);
    node.set("operations", Json.MAPPER.valueToTree(entry.operations()));
    node.putObject("n").put("min", entry.n().min()).put("max", entry.n().max());
    node.set("sizes", Json.MAPPER.valueToTree(entry.sizes()));
    node.set("size_rule", Json.MAPPER.valueToTree(entry.sizeRule()));
    node.set("qualities", Json.MAPPER.valueToTree(entry.qualities()));
    node.set("styles", Json.MAPPER.valueToTree(entry.styles()));
    node.set("response_formats", Json.MAPPER.valueToTree(entry.responseFormats()));
    node.set("extras", Json.MAPPER.valueToTree(entry.extras()));
    node.set("refused_values", Json.MAPPER.valueToTree(entry.refusedValues()));
    node.set("max_prompt_chars", Json.MAPPER.valueToTree(entry.maxPromptChars()));
    node.set("aspect_ratios", Json.MAPPER.valueToTree(entry.aspectRatios()));
    node.set("image_sizes", Json.MAPPER.valueToTree(entry.imageSizes()));
    node.set("prices", Json.MAPPER.valueToTree(entry.prices()));
    ObjectNode lifecycle = node.putObject("lifecycle");
    lifecycle.put("deprecation_date", text(entry.lifecycle().deprecationDate()));
    lifecycle.put("shutdown_date", text(entry.lifecycle().shutdownDate()));
    lifecycle.put("replacement", entry.lifecycle().replacement());
    lifecycle.put("confirmed", entry.lifecycle().confirmed());
    node.put("source", entry.source());
    node.put("checked", entry.checked());
    node.put("notes", entry.notes());
    return node;
  }

  private static String text(LocalDate date) {
    return date == null ? null : date.toString();
  }

  private static String perMillion(BigDecimal perToken) {
    return perToken == null ? "-" : "$" + plain(perToken.movePointRight(6));
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static String abbreviate(List<String> values, int shown) {
    return values.size() <= shown ? String.join(",", values)
        : String.join(",", values.subList(0, shown)) + ",+" + (values.size() - shown);
  }
}
