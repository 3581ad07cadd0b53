package dev.imagegate.provider.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.bedrock.BedrockModels.Family;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Edit and variation bodies of Amazon's image models (Titan Image Generator v2, Nova Canvas), InvokeModel task types:
 * {@code INPAINTING} (a mask image, or a {@code maskPrompt} extra), {@code OUTPAINTING} (the {@code taskType} extra,
 * or an {@code outPaintingMode} extra), {@code BACKGROUND_REMOVAL} (the {@code taskType} extra) and
 * {@code IMAGE_VARIATION} (1-5 images, optional text and {@code similarityStrength}). Images go base64 inside the
 * JSON, which SigV4 signs whole: Bedrock inputs are held in memory (AWS caps them far below the gateway's limits).
 * Also the bodies of Stability AI Image Services on Bedrock (inpaint, erase object, remove background, search and
 * replace, search and recolor, outpaint): {@code image}, {@code mask} and {@code prompt} where the service takes
 * them, then the extras ({@code search_prompt}, {@code select_prompt}, {@code left}, {@code grow_mask}, ...) at the
 * top level; their answers are the Stability family's.
 */
final class BedrockEdits {
  static final Set<String> EDIT_TASKS = Set.of("INPAINTING", "OUTPAINTING", "BACKGROUND_REMOVAL");
  private static final List<String> CONFIG_KEYS = List.of("cfgScale", "seed");

  private BedrockEdits() {
  }

  /** The body of an edit or variation of {@code family} (TITAN or NOVA_CANVAS); {@code name} is for messages. */
  static ObjectNode toBody(Family family, ImageRequest request, Map<String, Object> extras, String name) {
    Map<String, Object> rest = new LinkedHashMap<>(extras);
    ObjectNode body = request.operation() == Operation.VARIATION ? variation(request, rest)
        : edit(request, rest, name);
    if (!body.path("taskType").asText().equals("BACKGROUND_REMOVAL")) {
      body.set("imageGenerationConfig", config(request, rest));
    }
    BedrockMapping.merge(body, rest);
    return body;
  }

  /** Stability services that take no prompt (AWS refuses keys a service does not know). */
  private static final Set<String> WITHOUT_PROMPT = Set.of("stable-image-remove-background",
      "stable-image-erase-object");

  /** The body of a Stability AI Image Service edit on Bedrock; {@code modelId} names the service. */
  static ObjectNode stabilityService(String modelId, ImageRequest request, Map<String, Object> extras) {
    ObjectNode body = Json.object();
    body.put("image", base64(request.images().get(0)));
    if (request.mask() != null) {
      body.put("mask", base64(request.mask()));
    }
    if (WITHOUT_PROMPT.stream().noneMatch(modelId::contains) && !request.prompt().isBlank()) {
      body.put("prompt", request.prompt());
    }
    BedrockMapping.merge(body, extras);
    return body;
  }

  private static ObjectNode edit(ImageRequest request, Map<String, Object> rest, String name) {
    String task = task(request, rest, name);
    ObjectNode body = Json.object();
    body.put("taskType", task);
    if (task.equals("BACKGROUND_REMOVAL")) {
      body.putObject("backgroundRemovalParams").put("image", base64(request.images().get(0)));
      return body;
    }
    ObjectNode params = body.putObject(task.equals("INPAINTING") ? "inPaintingParams" : "outPaintingParams");
    params.put("image", base64(request.images().get(0)));
    params.put("text", request.prompt());
    negative(params, rest);
    Object maskPrompt = rest.remove("maskPrompt");
    if (request.mask() != null) {
      if (maskPrompt != null) {
        throw new BadRequest("give a mask image or a maskPrompt, not both (" + name + " takes one)", "mask");
      }
      params.put("maskImage", base64(request.mask()));
    } else if (maskPrompt != null) {
      params.put("maskPrompt", maskPrompt.toString());
    } else {
      throw new BadRequest(name + " " + task.toLowerCase(Locale.ROOT) + " needs a mask: send a mask image (mask) or "
          + "describe the area in the maskPrompt extra", "mask");
    }
    Object mode = rest.remove("outPaintingMode");
    if (mode != null && task.equals("OUTPAINTING")) {
      params.put("outPaintingMode", mode.toString());
    }
    return body;
  }

  /** The task: the {@code taskType} extra, else OUTPAINTING when {@code outPaintingMode} is given, else INPAINTING. */
  private static String task(ImageRequest request, Map<String, Object> rest, String name) {
    Object given = rest.remove("taskType");
    if (given == null) {
      return rest.containsKey("outPaintingMode") ? "OUTPAINTING" : "INPAINTING";
    }
    String task = given.toString().trim().toUpperCase(Locale.ROOT);
    if (!EDIT_TASKS.contains(task)) {
      throw new BadRequest("Invalid taskType '" + given + "' for " + name + " edits: allowed values are "
          + "INPAINTING, OUTPAINTING, BACKGROUND_REMOVAL", "taskType");
    }
    return task;
  }

  private static ObjectNode variation(ImageRequest request, Map<String, Object> rest) {
    ObjectNode body = Json.object();
    body.put("taskType", "IMAGE_VARIATION");
    ObjectNode params = body.putObject("imageVariationParams");
    ArrayNode images = params.putArray("images");
    request.images().forEach(image -> images.add(base64(image)));
    if (!request.prompt().isBlank()) {
      params.put("text", request.prompt());
    }
    negative(params, rest);
    Object similarity = rest.remove("similarityStrength");
    if (similarity != null) {
      params.set("similarityStrength", Json.toTree(similarity));
    }
    return body;
  }

  private static void negative(ObjectNode params, Map<String, Object> rest) {
    Object negative = rest.containsKey("negativeText") ? rest.remove("negativeText") : rest.get("negative_prompt");
    rest.remove("negative_prompt");
    if (negative != null) {
      params.put("negativeText", negative.toString());
    }
  }

  private static ObjectNode config(ImageRequest request, Map<String, Object> rest) {
    ObjectNode config = Json.object();
    config.put("numberOfImages", request.count());
    BedrockMapping.pixels(request.size()).ifPresent(p -> config.put("width", p.width()).put("height", p.height()));
    if (request.quality() != null) {
      config.put("quality", BedrockModels.PREMIUM_QUALITIES.contains(request.quality()) ? "premium" : "standard");
    }
    for (String key : CONFIG_KEYS) {
      if (rest.containsKey(key)) {
        config.set(key, Json.toTree(rest.remove(key)));
      }
    }
    return config;
  }

  private static String base64(InputImage image) {
    return Base64.getEncoder().encodeToString(image.readAllBytes());
  }
}
