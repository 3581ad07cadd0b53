package dev.imagegate.router;

import dev.imagegate.error.NotFound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds model groups from deployments and checks that fallbacks name image-capable groups. */
final class Groups {
  private Groups() {
  }

  /**
   * Groups deployments by {@code model_name}, in order, resolving each image deployment into its {@link Target}. A
   * deployment serves images when its mode allows it and its model names a provider imagegate has; a deployment
   * declared {@code image_generation} whose provider is unknown is an error.
   */
  static Map<String, ModelGroup> of(List<Deployment> deployments, Dispatcher dispatcher, Duration timeout) {
    Map<String, List<Deployment>> all = new LinkedHashMap<>();
    Map<String, List<Target>> images = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Deployment deployment : deployments) {
      all.computeIfAbsent(deployment.modelName(), k -> new ArrayList<>()).add(deployment);
      List<Target> imageList = images.computeIfAbsent(deployment.modelName(), k -> new ArrayList<>());
      if (!deployment.modelInfo().allowsImages()) {
        continue;
      }
      try {
        imageList.add(dispatcher.resolve(deployment, timeout));
      } catch (NotFound e) {
        if (ModelInfo.IMAGE_GENERATION.equals(deployment.modelInfo().mode())) {
          problems.add("deployment " + deployment.id() + " (" + deployment.modelName() + "): " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    Map<String, ModelGroup> groups = new LinkedHashMap<>();
    all.forEach((name, list) -> groups.put(name, new ModelGroup(name, list, images.get(name))));
    return groups;
  }

  /** Every fallback source and target must be a group; every target must generate images. */
  static void checkFallbacks(Map<String, ModelGroup> groups, RouterSettings settings) {
    List<String> problems = new ArrayList<>();
    for (String target : settings.fallbackTargets()) {
      ModelGroup group = groups.get(target);
      if (group == null) {
        problems.add("fallback '" + target + "' is not a model group (known: " + String.join(", ", groups.keySet())
            + ")");
      } else if (!group.imageCapable()) {
        problems.add("fallback '" + target + "' is not an image generation group: only image-capable groups may be "
            + "fallbacks");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
  }
}
