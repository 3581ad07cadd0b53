package dev.imagegate.provider.gemini;

import dev.imagegate.Size;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.catalog.ModelEntry;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.AspectRatios;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ImageSizes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Google image model as both front doors (Gemini API and Vertex AI) see it, from its catalogue entry: its family
 * (the entry's {@code api}), which decides the method and the body, its aspect ratios and its output resolutions.
 * Only the mapping rules live here: how an OpenAI size becomes an aspect ratio and a quality a resolution.
 *
 * @param name the model name as sent upstream, e.g. {@code gemini-3.1-flash-image}
 * @param ratios the aspect ratios the model takes, as {@code W:H}
 * @param imageSizes the resolutions the model takes ({@code 512}, {@code 1K}, {@code 2K}, {@code 4K}); empty when
 *     quality does not map to a resolution
 */
public record GoogleModel(String name, Family family, List<String> ratios, List<String> imageSizes,
                          Capabilities entryCapabilities) {

  /** The two ways in: the Gemini API ({@code gemini/}) and Vertex AI ({@code vertex_ai/}). */
  public enum FrontDoor { GEMINI_API, VERTEX }

  /** The two model families, the method each speaks and how OpenAI's sizes map onto its ratios. */
  public enum Family {
    IMAGEN("predict", Map.of(
        "1024x1024", "1:1", "1792x1024", "16:9", "1536x1024", "16:9", "1024x1792", "9:16", "1024x1536", "9:16",
        "1280x896", "4:3", "896x1280", "3:4")),
    GEMINI_IMAGE("generateContent", Map.of(
        "1024x1024", "1:1", "1792x1024", "16:9", "1536x1024", "3:2", "1024x1792", "9:16", "1024x1536", "2:3",
        "1280x896", "4:3", "896x1280", "3:4"));

    private final String method;
    private final Map<String, String> knownSizes;

    Family(String method, Map<String, String> knownSizes) {
      this.method = method;
      this.knownSizes = knownSizes;
    }

    /** The REST method after the model name: {@code predict} or {@code generateContent}. */
    public String method() {
      return method;
    }

    static Family of(String api) {
      for (Family family : values()) {
        if (family.method.equals(api)) {
          return family;
        }
      }
      return null;
    }
  }

  /**
   * Whether the Gemini API (not only Vertex) takes Imagen 4's {@code sampleImageSize}: the bundled catalogue lists
   * 1K/2K for {@code gemini/imagen-4.0-*} (UNCONFIRMED in google.md).
   */
  public static final boolean GEMINI_API_TAKES_SAMPLE_IMAGE_SIZE = true;

  /** The model behind {@code model} at {@code door}, from the bundled catalogue. */
  public static GoogleModel of(FrontDoor door, String provider, String model) {
    return of(provider, model, Catalog.bundled());
  }

  /**
   * The model behind {@code provider/model} in {@code catalog} (exact, else its family pattern).
   *
   * @throws NotFound when no entry matches, naming what is known
   */
  public static GoogleModel of(String provider, String model, Catalog catalog) {
    Optional<Catalog.Found> found = catalog.find(provider, model);
    Family family = found.map(f -> Family.of(f.entry().api())).orElse(null);
    if (family == null) {
      throw new NotFound("Unknown Google image model '" + model + "' for " + provider + ": expected a Gemini image "
          + "model (gemini-*-image*, e.g. " + provider + "/gemini-3.1-flash-image, served by :generateContent) or an "
          + "Imagen model (imagen-*, served by :predict). Catalogued: " + String.join(", ", catalog.known(provider)),
          ImageGateException.Details.of(provider).withModel(model));
    }
    ModelEntry entry = found.get().entry();
    return new GoogleModel(model, family, entry.aspectRatios(), entry.imageSizes(), entry.capabilities());
  }

  /** Whether quality maps to a resolution ({@code sampleImageSize} / {@code imageConfig.imageSize}). */
  public boolean takesImageSize() {
    return !imageSizes.isEmpty();
  }

  /** What this model accepts. Sizes are any WxH or ratio: they map to the nearest supported aspect ratio. */
  public Capabilities capabilities() {
    return entryCapabilities;
  }

  /**
   * The resolution for a portable quality: {@code low} the smallest the model takes, {@code medium}/{@code standard}
   * 1K, {@code high} 2K, {@code hd} the largest. Null (the API's default) for {@code auto}, no quality, or a model
   * without resolutions.
   */
  public String imageSize(String quality) {
    return ImageSizes.forQuality(imageSizes, quality);
  }

  /** An aspect ratio chosen for a size; {@code approximate} when the size was not one the family documents. */
  public record AspectRatio(String ratio, boolean approximate) {
  }

  /**
   * The aspect ratio for {@code size}: the documented mapping for OpenAI's sizes, the exact ratio when the family
   * has it, else the nearest one ({@code approximate}). Null for no size or {@code auto}.
   */
  public AspectRatio aspectRatio(Size size) {
    String nearest = AspectRatios.nearest(size, ratios);
    if (nearest == null) {
      return null;
    }
    String known = family.knownSizes.get(size.wire());
    if (known != null) {
      return new AspectRatio(known, false);
    }
    return new AspectRatio(nearest, Math.abs(value(nearest) - value(size)) > 1e-9);
  }

  private static double value(Size size) {
    return switch (size) {
      case Size.Pixels pixels -> (double) pixels.width() / pixels.height();
      case Size.Ratio ratio -> (double) ratio.width() / ratio.height();
      case Size.Auto auto -> throw new IllegalArgumentException("auto has no ratio");
    };
  }

  private static double value(String ratio) {
    return value(Size.parse(ratio));
  }
}
