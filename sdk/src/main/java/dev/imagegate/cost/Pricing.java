package dev.imagegate.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.catalog.Glob;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices of every catalogued model, one {@link Table} per catalogue file (see {@link Catalog}): per-image prices by
 * quality and size ({@code per_image}, keys {@code quality|size} with {@code *} wildcards), per-image prices by style
 * ({@code per_style}, e.g. Recraft's vector styles), per-pixel prices ({@code per_pixel}, USD per pixel of each
 * generated image), per-token prices by meter ({@code per_token}), the USD value of a provider-reported credit
 * ({@code per_credit}) and, for token-billed models, the image output tokens one image is billed
 * ({@code image_tokens}, {@link ImageTokens}: the expected cost shown before a call and the most a budget reserves).
 * Keys are {@code provider/model}; a key with {@code *} (e.g. {@code mock/*}) and the family patterns of the catalogue
 * cover the names they match, the most specific pattern winning. Self-hosted servers
 * (xinference, OpenAI-compatible servers) have no entry: they are unpriced unless a deployment sets its own prices.
 * Immutable.
 */
public final class Pricing {
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
                           @JsonProperty("per_style") Map<String, BigDecimal> perStyle,
                           @JsonProperty("per_credit") BigDecimal perCredit,
                           @JsonProperty("image_tokens") ImageTokens imageTokens) {
    public ModelPrice {
      defaults = defaults == null ? new Defaults(null, null) : defaults;
      perImage = perImage == null ? Map.of() : Map.copyOf(perImage);
      perStyle = perStyle == null ? Map.of() : Map.copyOf(perStyle);
    }

    public ModelPrice(Defaults defaults, Map<String, BigDecimal> perImage, TokenPrice perToken, BigDecimal perPixel) {
      this(defaults, perImage, perToken, perPixel, null, null, null);
    }

    public ModelPrice(Defaults defaults, Map<String, BigDecimal> perImage, TokenPrice perToken, BigDecimal perPixel,
                      Map<String, BigDecimal> perStyle) {
      this(defaults, perImage, perToken, perPixel, perStyle, null, null);
    }

    public ModelPrice(Defaults defaults, Map<String, BigDecimal> perImage, TokenPrice perToken, BigDecimal perPixel,
                      Map<String, BigDecimal> perStyle, BigDecimal perCredit) {
      this(defaults, perImage, perToken, perPixel, perStyle, perCredit, null);
    }
  }

  public record Defaults(String quality, String size) {
  }

  /**
   * USD per token, one price per meter. Cached input without its own price is billed as uncached input; output text
   * without its own price as image output (the price before the meters were split); thinking without its own price
   * as output text.
   */
  public record TokenPrice(@JsonProperty("input_text") BigDecimal inputText,
                           @JsonProperty("input_image") BigDecimal inputImage,
                           @JsonProperty("cached_input_text") BigDecimal cachedInputText,
                           @JsonProperty("cached_input_image") BigDecimal cachedInputImage,
                           @JsonProperty("output_image") BigDecimal outputImage,
                           @JsonProperty("output_text") BigDecimal outputText,
                           @JsonProperty("output_thinking") BigDecimal outputThinking) {
    public TokenPrice(BigDecimal inputText, BigDecimal inputImage, BigDecimal outputImage) {
      this(inputText, inputImage, null, null, outputImage, null, null);
    }
  }

  private final List<Table> tables;
  private final Map<String, ModelPrice> models;
  /** Pattern ({@code provider/glob}) to the key whose prices it takes. */
  private final Map<Glob, String> patterns;

  private Pricing(List<Table> tables, Map<String, String> aliases) {
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
    Map<Glob, String> globs = new LinkedHashMap<>();
    all.keySet().stream().filter(key -> key.indexOf('*') >= 0).forEach(key -> globs.put(new Glob(key), key));
    aliases.forEach((pattern, key) -> globs.put(new Glob(pattern), key));
    this.patterns = Collections.unmodifiableMap(globs);
  }

  /** Prices from the given tables (e.g. a customised copy of the bundled ones). */
  public static Pricing of(List<Table> tables) {
    return new Pricing(tables, Map.of());
  }

  /** Prices from the given tables, with {@code aliases} ({@code provider/glob} to a key) resolving families. */
  public static Pricing of(List<Table> tables, Map<String, String> aliases) {
    return new Pricing(tables, aliases);
  }

  /** The prices of the catalogue bundled with this version of imagegate. */
  public static Pricing bundled() {
    return Catalog.bundled().pricing();
  }

  public List<Table> tables() {
    return tables;
  }

  /** Every priced model, keyed {@code provider/model}. */
  public Map<String, ModelPrice> models() {
    return models;
  }

  /**
   * The prices for {@code provider/model}, else for the most specific pattern matching it (a family pattern such as
   * {@code openai/gpt-image-2-*}, or {@code provider/*}).
   */
  public Optional<ModelPrice> find(String provider, String model) {
    String name = provider + "/" + model;
    ModelPrice exact = models.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    Glob best = null;
    for (Glob glob : patterns.keySet()) {
      if (glob.matches(name) && (best == null || glob.literalLength() > best.literalLength())) {
        best = glob;
      }
    }
    return best == null ? Optional.empty() : Optional.ofNullable(models.get(patterns.get(best)));
  }
}
