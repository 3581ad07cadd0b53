package dev.imagegate.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled price tables ({@code prices/<family>.json}): per-image prices by quality and size ({@code per_image},
 * keys {@code quality|size} with {@code *} wildcards), per-image prices by style ({@code per_style}, e.g. Recraft's
 * vector styles), per-pixel prices ({@code per_pixel}, USD per pixel of each generated image) and per-token prices
 * for token-billed models ({@code per_token}). Keys are {@code provider/model}; {@code provider/*} covers a whole
 * provider. Self-hosted servers (xinference, OpenAI-compatible servers) have no entry: they are unpriced unless a
 * deployment sets its own prices. Immutable.
 */
public final class Pricing {
  /** One file per provider family under {@code /dev/imagegate/cost/prices/}: an explicit list, no scanning. */
  static final List<String> RESOURCES = List.of("openai", "azure", "google", "bedrock", "recraft", "nscale", "mock");

  /** One price file as stored: its version (the date prices were checked), the page they come from, the models. */
  public record Table(String version, String source, String notes, Map<String, ModelPrice> models) {
    public Table {
      models = models == null ? Map.of() : Map.copyOf(models);
    }
  }

  /** Prices of one model. Every field may be absent. */
  public record ModelPrice(Defaults defaults, @JsonProperty("per_image") Map<String, BigDecimal> perImage,
                           @JsonProperty("per_token") TokenPrice perToken,
                           @JsonProperty("per_pixel") BigDecimal perPixel,
                           @JsonProperty("per_style") Map<String, BigDecimal> perStyle) {
    public ModelPrice {
      defaults = defaults == null ? new Defaults(null, null) : defaults;
      perImage = perImage == null ? Map.of() : Map.copyOf(perImage);
      perStyle = perStyle == null ? Map.of() : Map.copyOf(perStyle);
    }

    public ModelPrice(Defaults defaults, Map<String, BigDecimal> perImage, TokenPrice perToken, BigDecimal perPixel) {
      this(defaults, perImage, perToken, perPixel, null);
    }
  }

  public record Defaults(String quality, String size) {
  }

  /** USD per token. */
  public record TokenPrice(@JsonProperty("input_text") BigDecimal inputText,
                           @JsonProperty("input_image") BigDecimal inputImage,
                           @JsonProperty("output_image") BigDecimal outputImage) {
  }

  private final List<Table> tables;
  private final Map<String, ModelPrice> models;

  private Pricing(List<Table> tables) {
    this.tables = List.copyOf(tables);
    Map<String, ModelPrice> all = new LinkedHashMap<>();
    for (Table table : tables) {
      for (Map.Entry<String, ModelPrice> entry : table.models().entrySet()) {
        if (all.put(entry.getKey(), entry.getValue()) != null) {
          throw new IllegalStateException("price for " + entry.getKey() + " is defined twice");
        }
      }
    }
    this.models = Map.copyOf(all);
  }

  /** Prices from the given tables (e.g. a customised copy of the bundled ones). */
  public static Pricing of(List<Table> tables) {
    return new Pricing(tables);
  }

  /** The tables bundled with this version of imagegate. */
  public static Pricing bundled() {
    List<Table> tables = new ArrayList<>();
    for (String name : RESOURCES) {
      String resource = "/dev/imagegate/cost/prices/" + name + ".json";
      try (InputStream in = Pricing.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("price table " + resource + " is missing from the classpath");
        }
        tables.add(Json.MAPPER.readValue(in, Table.class));
      } catch (IOException e) {
        throw new UncheckedIOException("price table " + resource + " is unreadable", e);
      }
    }
    return new Pricing(tables);
  }

  public List<Table> tables() {
    return tables;
  }

  /** Every priced model, keyed {@code provider/model}. */
  public Map<String, ModelPrice> models() {
    return models;
  }

  /** The prices for {@code provider/model}, else for {@code provider/*}. */
  public Optional<ModelPrice> find(String provider, String model) {
    ModelPrice exact = models.get(provider + "/" + model);
    if (exact != null) {
      return Optional.of(exact);
    }
    return Optional.ofNullable(models.get(provider + "/*"));
  }
}
