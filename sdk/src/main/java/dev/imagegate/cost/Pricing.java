package dev.imagegate.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled price table ({@code prices.json}): per-image prices by quality and size, and per-token prices for
 * token-billed models. Keys are {@code provider/model}; {@code provider/*} covers a whole provider. Immutable.
 */
public final class Pricing {
  private static final String RESOURCE = "/dev/imagegate/cost/prices.json";

  /** The table as stored. */
  public record Table(String version, Map<String, String> sources, Map<String, ModelPrice> models) {
  }

  /** Prices of one model. Every field may be absent. */
  public record ModelPrice(Defaults defaults, @JsonProperty("per_image") Map<String, BigDecimal> perImage,
                           @JsonProperty("per_token") TokenPrice perToken,
                           @JsonProperty("per_pixel") BigDecimal perPixel) {
    public ModelPrice {
      defaults = defaults == null ? new Defaults(null, null) : defaults;
      perImage = perImage == null ? Map.of() : Map.copyOf(perImage);
    }
  }

  public record Defaults(String quality, String size) {
  }

  /** USD per token. */
  public record TokenPrice(@JsonProperty("input_text") BigDecimal inputText,
                           @JsonProperty("input_image") BigDecimal inputImage,
                           @JsonProperty("output_image") BigDecimal outputImage) {
  }

  private final Table table;

  private Pricing(Table table) {
    this.table = table;
  }

  /** The table bundled with this version of imagegate. */
  public static Pricing bundled() {
    try (InputStream in = Pricing.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("price table " + RESOURCE + " is missing from the classpath");
      }
      return new Pricing(Json.MAPPER.readValue(in, Table.class));
    } catch (IOException e) {
      throw new UncheckedIOException("price table " + RESOURCE + " is unreadable", e);
    }
  }

  public String version() {
    return table.version();
  }

  public Map<String, ModelPrice> models() {
    return table.models();
  }

  /** The prices for {@code provider/model}, else for {@code provider/*}. */
  public Optional<ModelPrice> find(String provider, String model) {
    ModelPrice exact = table.models().get(provider + "/" + model);
    if (exact != null) {
      return Optional.of(exact);
    }
    return Optional.ofNullable(table.models().get(provider + "/*"));
  }
}
