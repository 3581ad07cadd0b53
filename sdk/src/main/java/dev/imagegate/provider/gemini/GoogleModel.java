package dev.imagegate.provider.gemini;

import dev.imagegate.ResponseFormat;
import dev.imagegate.Size;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.AspectRatios;
import dev.imagegate.provider.Capabilities;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Google image model as both front doors (Gemini API and Vertex AI) see it: its family, which decides the method
 * and the body, and whether it takes an output resolution. Facts from {@code shared/providers/google.md}.
 *
 * @param name the model name as sent upstream, e.g. {@code imagen-4.0-generate-001}
 * @param takesImageSize whether quality maps to a resolution ({@code sampleImageSize} / {@code imageConfig.imageSize})
 */
public record GoogleModel(String name, Family family, boolean takesImageSize) {

  /** The two ways in: the Gemini API ({@code gemini/}) and Vertex AI ({@code vertex_ai/}). */
  public enum FrontDoor { GEMINI_API, VERTEX }

  /** The two model families and the method each speaks. */
  public enum Family {
    IMAGEN("predict", 4, List.of("1:1", "3:4", "4:3", "9:16", "16:9"), Map.of(
        "1024x1024", "1:1", "1792x1024", "16:9", "1536x1024", "16:9", "1024x1792", "9:16", "1024x1536", "9:16",
        "1280x896", "4:3", "896x1280", "3:4")),
    GEMINI_IMAGE("generateContent", 10,
        List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"), Map.of(
        "1024x1024", "1:1", "1792x1024", "16:9", "1536x1024", "3:2", "1024x1792", "9:16", "1024x1536", "2:3",
        "1280x896", "4:3", "896x1280", "3:4"));

    private final String method;
    private final int maxN;
    private final List<String> ratios;
    private final Map<String, String> knownSizes;

    Family(String method, int maxN, List<String> ratios, Map<String, String> knownSizes) {
      this.method = method;
      this.maxN = maxN;
      this.ratios = ratios;
      this.knownSizes = knownSizes;
    }

    /** The REST method after the model name: {@code predict} or {@code generateContent}. */
    public String method() {
      return method;
    }

    /** The aspect ratios the family takes, as {@code W:H}. */
    public List<String> ratios() {
      return ratios;
    }
  }

  /**
   * UNCONFIRMED in google.md: whether the Gemini API (not Vertex) takes Imagen 4's {@code sampleImageSize}. When
   * true, quality {@code high}/{@code hd} on {@code gemini/imagen-4.0-*} sends {@code sampleImageSize: "2K"}; when
   * false, those qualities are rejected there as unsupported.
   */
  public static final boolean GEMINI_API_TAKES_SAMPLE_IMAGE_SIZE = true;

  /** Gemini image models whose {@code imageConfig} takes {@code imageSize} (1K/2K/4K). */
  static final List<String> IMAGE_SIZE_PREFIXES = List.of("gemini-3");

  static final Allowed SIZED_QUALITIES = Allowed.oneOf("auto", "standard", "low", "medium", "high", "hd");
  static final Allowed PLAIN_QUALITIES = Allowed.oneOf("auto", "standard");

  static final Set<String> IMAGEN_EXTRAS = Set.of("personGeneration", "negativePrompt", "seed", "addWatermark",
      "enhancePrompt", "sampleImageSize", "safetySetting", "includeRaiReason", "outputOptions", "language");
  static final Set<String> GEMINI_EXTRAS = Set.of("safetySettings", "systemInstruction", "generationConfig",
      "imageConfig", "temperature", "topP", "topK", "seed", "thinkingConfig", "labels");

  /**
   * The model behind {@code model} at {@code door}.
   *
   * @throws NotFound when the name is in neither family, naming both
   */
  public static GoogleModel of(FrontDoor door, String provider, String model) {
    Family family = familyOf(model);
    if (family == null) {
      throw new NotFound("Unknown Google image model '" + model + "' for " + provider + ": expected an Imagen model "
          + "(imagen-3.0-*, imagen-4.0-*, e.g. " + provider + "/imagen-4.0-generate-001, served by :predict) or a "
          + "Gemini image model (gemini-*-image*, e.g. " + provider + "/gemini-2.5-flash-image, served by "
          + ":generateContent)", ImageGateException.Details.of(provider).withModel(model));
    }
    return new GoogleModel(model, family, takesImageSize(door, family, model));
  }

  private static Family familyOf(String model) {
    if (model.startsWith("imagen-") || model.startsWith("imagegeneration")) {
      return Family.IMAGEN;
    }
    if (model.startsWith("gemini-") && model.contains("image")) {
      return Family.GEMINI_IMAGE;
    }
    return null;
  }

  private static boolean takesImageSize(FrontDoor door, Family family, String model) {
    return switch (family) {
      case IMAGEN -> model.startsWith("imagen-4") && !model.contains("fast")
          && (door == FrontDoor.VERTEX || GEMINI_API_TAKES_SAMPLE_IMAGE_SIZE);
      case GEMINI_IMAGE -> IMAGE_SIZE_PREFIXES.stream().anyMatch(model::startsWith);
    };
  }

  /** What this model accepts. Sizes are any WxH or ratio: they map to the nearest supported aspect ratio. */
  public Capabilities capabilities() {
    return new Capabilities(1, family.maxN, Allowed.ANY, takesImageSize ? SIZED_QUALITIES : PLAIN_QUALITIES,
        Allowed.NONE, EnumSet.of(ResponseFormat.B64_JSON), false, false,
        family == Family.IMAGEN ? IMAGEN_EXTRAS : GEMINI_EXTRAS, Set.of());
  }

  /**
   * The resolution for a portable quality: {@code low}/{@code medium}/{@code standard} give 1K, {@code high} 2K,
   * {@code hd} 4K on Gemini image models and 2K on Imagen (its largest). Null (the API's default) for {@code auto},
   * no quality, or a model without resolutions.
   */
  public String imageSize(String quality) {
    if (!takesImageSize || quality == null) {
      return null;
    }
    return switch (quality) {
      case "low", "medium", "standard" -> "1K";
      case "high" -> "2K";
      case "hd" -> family == Family.GEMINI_IMAGE ? "4K" : "2K";
      default -> null;
    };
  }

  /** An aspect ratio chosen for a size; {@code approximate} when the size was not one the family documents. */
  public record AspectRatio(String ratio, boolean approximate) {
  }

  /**
   * The aspect ratio for {@code size}: the documented mapping for OpenAI's sizes, the exact ratio when the family
   * has it, else the nearest one ({@code approximate}). Null for no size or {@code auto}.
   */
  public AspectRatio aspectRatio(Size size) {
    String nearest = AspectRatios.nearest(size, family.ratios);
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
