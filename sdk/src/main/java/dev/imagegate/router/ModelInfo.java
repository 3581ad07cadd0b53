package dev.imagegate.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployment's {@code model_info}: its id, its {@code mode} ({@code image_generation}, {@code chat}, ... or null
 * when unset), its {@code base_model}, and every field as written (JSON-compatible values) for the gateway's
 * {@code /v1/model/info}.
 */
public record ModelInfo(String id, String mode, String baseModel, Map<String, Object> fields) {
  public static final String IMAGE_GENERATION = "image_generation";
  public static final ModelInfo NONE = new ModelInfo(null, null, null, Map.of());

  public ModelInfo {
    fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Whether the mode allows image generation: unset or {@code image_generation}. */
  public boolean allowsImages() {
    return mode == null || mode.equals(IMAGE_GENERATION);
  }
}
