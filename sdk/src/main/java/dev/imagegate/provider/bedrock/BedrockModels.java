package dev.imagegate.provider.bedrock;

import dev.imagegate.ImageRequest;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Size;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Bedrock image models imagegate knows, as data: which request family each foundation model id speaks and what it
 * accepts. Ids may carry a cross-region inference prefix ({@code us.}, {@code eu.}, {@code apac.}, {@code global.});
 * ARNs name a model through their resource, or through the {@code base_model} setting when the resource is opaque.
 */
final class BedrockModels {
  /** The request and response shape a model speaks. */
  enum Family { SDXL, STABILITY, TITAN, NOVA_CANVAS }

  /** One known foundation model. */
  record Model(String id, Family family, Capabilities capabilities) {
  }

  /** A model id resolved to the foundation model that serves it, plus the region an ARN names. */
  record Resolved(Model model, Optional<String> arnRegion) {
  }

  static final List<String> SDXL_SIZES = List.of("1024x1024", "1152x896", "1216x832", "1344x768", "1536x640",
      "640x1536", "768x1344", "832x1216", "896x1152");

  static final List<String> STABILITY_RATIOS = List.of("16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16",
      "9:21");

  static final List<String> TITAN_SIZES = List.of("1024x1024", "768x768", "512x512", "768x1152", "384x576",
      "1152x768", "576x384", "768x1280", "384x640", "1280x768", "640x384", "896x1152", "448x576", "1152x896",
      "576x448", "768x1408", "384x704", "1408x768", "704x384", "640x1408", "320x704", "1408x640", "704x320",
      "1152x640", "1173x640");

  /** Qualities Titan and Nova take: hd, high and premium are sent as premium, the rest as standard. */
  static final Allowed AMAZON_QUALITIES = Allowed.oneOf("standard", "premium", "hd", "high", "medium", "low",
      "auto");

  static final Set<String> PREMIUM_QUALITIES = Set.of("premium", "hd", "high");

  static final String BASE_MODEL = "base_model";

  /** SDXL calls with more steps than this are billed at AWS's premium price. */
  static final int SDXL_STANDARD_STEPS = 50;
  /** Titan images of at most this many pixels are billed at AWS's 512x512 price. */
  static final long TITAN_SMALL_PIXELS = 512L * 512;
  /** Nova Canvas images of more than this many pixels are billed at AWS's "up to 2048x2048" price. */
  static final long NOVA_STANDARD_PIXELS = 1024L * 1024;

  static final int TITAN_MAX_PROMPT = 512;
  static final int NOVA_MAX_PROMPT = 1024;

  private static final Set<String> SDXL_EXTRAS = Set.of("cfg_scale", "seed", "steps", "width", "height",
      "style_preset", "clip_guidance_preset", "sampler", "samples", "negative_prompt", "text_prompts");
  private static final Set<String> STABILITY_EXTRAS = Set.of("seed", "negative_prompt", "output_format",
      "aspect_ratio", "mode");
  private static final Set<String> AMAZON_EXTRAS = Set.of("cfgScale", "seed", "negativeText", "negative_prompt",
      "taskType", "textToImageParams", "imageGenerationConfig");

  static final Capabilities SDXL = new Capabilities(1, 10, Allowed.oneOf(SDXL_SIZES.toArray(String[]::new)),
      Allowed.NONE, Allowed.ANY, EnumSet.of(ResponseFormat.B64_JSON), false, false, SDXL_EXTRAS, Set.of());
  static final Capabilities STABILITY = new Capabilities(1, 10, Allowed.ANY, Allowed.NONE, Allowed.NONE,
      EnumSet.of(ResponseFormat.B64_JSON), false, false, STABILITY_EXTRAS, Set.of());
  static final Capabilities TITAN = new Capabilities(1, 5, Allowed.oneOf(TITAN_SIZES.toArray(String[]::new)),
      AMAZON_QUALITIES, Allowed.NONE, EnumSet.of(ResponseFormat.B64_JSON), false, false, AMAZON_EXTRAS, Set.of());
  static final Capabilities NOVA_CANVAS = new Capabilities(1, 5, Allowed.ANY, AMAZON_QUALITIES, Allowed.ANY,
      EnumSet.of(ResponseFormat.B64_JSON), false, false, AMAZON_EXTRAS, Set.of());

  /** Every supported foundation model id, in the order the README lists them. */
  static final Map<String, Model> KNOWN = catalogue(
      new Model("stability.stable-diffusion-xl-v0", Family.SDXL, SDXL),
      new Model("stability.stable-diffusion-xl-v1", Family.SDXL, SDXL),
      new Model("stability.sd3-large-v1:0", Family.STABILITY, STABILITY),
      new Model("stability.sd3-5-large-v1:0", Family.STABILITY, STABILITY),
      new Model("stability.stable-image-ultra-v1:0", Family.STABILITY, STABILITY),
      new Model("stability.stable-image-ultra-v1:1", Family.STABILITY, STABILITY),
      new Model("stability.stable-image-core-v1:0", Family.STABILITY, STABILITY),
      new Model("stability.stable-image-core-v1:1", Family.STABILITY, STABILITY),
      new Model("amazon.titan-image-generator-v1", Family.TITAN, TITAN),
      new Model("amazon.titan-image-generator-v2:0", Family.TITAN, TITAN),
      new Model("amazon.nova-canvas-v1:0", Family.NOVA_CANVAS, NOVA_CANVAS));

  private BedrockModels() {
  }

  /** Nova Canvas takes any size within its limits; a size outside them is a {@link BadRequest} stating them. */
  static Optional<Size.Pixels> novaSize(Size size, String name) {
    if (size instanceof Size.Ratio ratio) {
      throw new BadRequest("Invalid size '" + ratio.wire() + "' for " + name + ": give WIDTHxHEIGHT, e.g. 1280x720",
          "size");
    }
    Optional<Size.Pixels> pixels = BedrockMapping.pixels(size);
    pixels.filter(p -> !novaAccepts(p.width(), p.height())).ifPresent(p -> {
      throw new BadRequest("Invalid size '" + p.wire() + "' for " + name + ": width and height must each be "
          + "320..4096 and divisible by 16, with an aspect ratio between 1:4 and 4:1 and at most 4,194,304 pixels "
          + "(e.g. 1024x1024, 1280x720, 2048x2048)", "size");
    });
    return pixels;
  }

  static boolean novaAccepts(int width, int height) {
    return width >= 320 && width <= 4096 && height >= 320 && height <= 4096 && width % 16 == 0
        && height % 16 == 0 && (long) width * height <= 4_194_304L && 4L * height >= width && 4L * width >= height;
  }

  /**
   * The price-table name a call is billed under: the foundation model id, plus the price tier where AWS's price
   * depends on the request: Titan images of at most 512x512 pixels ({@code /512x512}), Nova Canvas images above
   * 1024x1024 pixels ({@code /2048x2048}), SDXL with more than 50 steps ({@code /premium}).
   */
  static String priceKey(Model model, ImageRequest request) {
    long pixels = BedrockMapping.pixels(request.size()).map(p -> (long) p.width() * p.height()).orElse(0L);
    return switch (model.family()) {
      case TITAN -> pixels > 0 && pixels <= TITAN_SMALL_PIXELS ? model.id() + "/512x512" : model.id();
      case NOVA_CANVAS -> pixels > NOVA_STANDARD_PIXELS ? model.id() + "/2048x2048" : model.id();
      case SDXL -> steps(request) > SDXL_STANDARD_STEPS ? model.id() + "/premium" : model.id();
      case STABILITY -> model.id();
    };
  }

  private static long steps(ImageRequest request) {
    Object steps = request.extras().get("steps");
    if (steps instanceof Number number) {
      return number.longValue();
    }
    try {
      return steps == null ? 0 : Long.parseLong(steps.toString().trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, Model> catalogue(Model... models) {
    Map<String, Model> out = new LinkedHashMap<>();
    for (Model model : models) {
      out.put(model.id(), model);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The model serving {@code call}: from the {@code base_model} setting when set, else from the model id. */
  static Resolved resolve(ProviderCall call) {
    Optional<String> arnRegion = BedrockArn.parse(call.model()).map(BedrockArn::region);
    Optional<String> baseModel = call.setting(BASE_MODEL);
    if (baseModel.isPresent()) {
      String base = baseModel.get().startsWith("bedrock/") ? baseModel.get().substring(8) : baseModel.get();
      return new Resolved(find(base).orElseThrow(() -> unknown(call, "base_model '" + baseModel.get() + "'")),
          arnRegion);
    }
    String named = BedrockArn.parse(call.model()).map(BedrockArn::resourceId).orElse(call.model());
    return new Resolved(find(named).orElseThrow(() -> unknown(call, "model")), arnRegion);
  }

  /** A known model by id, with or without a cross-region inference prefix such as {@code us.}. */
  static Optional<Model> find(String id) {
    Model exact = KNOWN.get(id);
    if (exact != null) {
      return Optional.of(exact);
    }
    int dot = id.indexOf('.');
    return dot > 0 ? Optional.ofNullable(KNOWN.get(id.substring(dot + 1))) : Optional.empty();
  }

  private static NotFound unknown(ProviderCall call, String what) {
    return new NotFound("Unknown Bedrock image " + what + " for " + call.ref().qualified() + ": known model ids are "
        + String.join(", ", KNOWN.keySet()) + " (optionally with a cross-region prefix such as us.); for an ARN "
        + "that does not name one of them (application inference profile, provisioned throughput), set "
        + BASE_MODEL + " to the model id it serves", call.details());
  }
}
