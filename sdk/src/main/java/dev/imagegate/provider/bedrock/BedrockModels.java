package dev.imagegate.provider.bedrock;

import dev.imagegate.ImageRequest;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Bedrock image models imagegate knows, from the catalogue ({@code bedrock.json}): which request family each
 * foundation model id speaks and what it accepts. Here live only the rules: prefixes, ARNs, price tiers, Nova's size
 * limits. Ids may carry a cross-region inference prefix ({@code us.}, {@code eu.}, {@code apac.}, {@code global.});
 * ARNs name a model through their resource, or through the {@code base_model} setting when the resource is opaque.
 */
final class BedrockModels {
  /** The request and response shape a model speaks: the catalogue entry's {@code api}. */
  enum Family {
    SDXL, STABILITY, TITAN, NOVA_CANVAS, NOVA_MESSAGES;

    static Family of(String api) {
      for (Family family : values()) {
        if (family.name().equalsIgnoreCase(api)) {
          return family;
        }
      }
      return null;
    }
  }

  /** One known foundation model. */
  record Model(String id, Family family, Capabilities capabilities, List<String> ratios) {
  }

  /** Every foundation model of the bundled catalogue, by id. */
  static final Map<String, Model> KNOWN = bundled();

  private static Map<String, Model> bundled() {
    Map<String, Model> out = new LinkedHashMap<>();
    known(Catalog.bundled()).forEach(id -> find(id).ifPresent(model -> out.put(id, model)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** A model id resolved to the foundation model that serves it, plus the region an ARN names. */
  record Resolved(Model model, Optional<String> arnRegion) {
  }

  /** Titan and Nova qualities sent as premium; every other quality is sent as standard. */
  static final Set<String> PREMIUM_QUALITIES = Set.of("premium", "hd", "high");

  static final String BASE_MODEL = "base_model";

  /** SDXL calls with more steps than this are billed at AWS's premium price. */
  static final int SDXL_STANDARD_STEPS = 50;
  /** Titan images of at most this many pixels are billed at AWS's 512x512 price. */
  static final long TITAN_SMALL_PIXELS = 512L * 512;
  /** Nova Canvas images of more than this many pixels are billed at AWS's "up to 2048x2048" price. */
  static final long NOVA_STANDARD_PIXELS = 1024L * 1024;

  private BedrockModels() {
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
      case STABILITY, NOVA_MESSAGES -> model.id();
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

  /** The model serving {@code call}: from the {@code base_model} setting when set, else from the model id. */
  static Resolved resolve(ProviderCall call) {
    Optional<String> arnRegion = BedrockArn.parse(call.model()).map(BedrockArn::region);
    Optional<String> baseModel = call.setting(BASE_MODEL);
    if (baseModel.isPresent()) {
      String base = baseModel.get().startsWith("bedrock/") ? baseModel.get().substring(8) : baseModel.get();
      return new Resolved(find(base, call.catalog()).orElseThrow(() -> unknown(call,
          "base_model '" + baseModel.get() + "'")), arnRegion);
    }
    String named = BedrockArn.parse(call.model()).map(BedrockArn::resourceId).orElse(call.model());
    return new Resolved(find(named, call.catalog()).orElseThrow(() -> unknown(call, "model")), arnRegion);
  }

  /** A known model by id, with or without a cross-region inference prefix such as {@code us.}. */
  static Optional<Model> find(String id) {
    return find(id, Catalog.bundled());
  }

  static Optional<Model> find(String id, Catalog catalog) {
    Optional<Model> exact = model(id, catalog);
    int dot = id.indexOf('.');
    return exact.isPresent() || dot <= 0 ? exact : model(id.substring(dot + 1), catalog);
  }

  private static Optional<Model> model(String id, Catalog catalog) {
    return catalog.find("bedrock", id).flatMap(found -> {
      Family family = Family.of(found.entry().api());
      String foundation = found.key().substring("bedrock/".length());
      return family == null || foundation.indexOf('*') >= 0 ? Optional.empty()
          : Optional.of(new Model(foundation, family, found.entry().capabilities(), found.entry().aspectRatios()));
    });
  }

  /** The foundation model ids of {@code catalog}, for error messages. */
  static List<String> known(Catalog catalog) {
    return catalog.known("bedrock");
  }

  private static NotFound unknown(ProviderCall call, String what) {
    return new NotFound("Unknown Bedrock image " + what + " for " + call.ref().qualified() + ": known model ids are "
        + String.join(", ", known(call.catalog())) + " (optionally with a cross-region prefix such as us.); for an ARN "
        + "that does not name one of them (application inference profile, provisioned throughput), set "
        + BASE_MODEL + " to the model id it serves", call.details());
  }
}
