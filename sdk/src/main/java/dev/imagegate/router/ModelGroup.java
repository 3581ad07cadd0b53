package dev.imagegate.router;

import java.util.List;

/**
 * The deployments sharing one {@code model_name}. A group is image-capable when at least one deployment is: only
 * those deployments are ever called for images, and only image-capable groups may be fallbacks.
 */
public record ModelGroup(String name, List<Deployment> deployments, List<Deployment> imageDeployments) {
  public ModelGroup {
    deployments = List.copyOf(deployments);
    imageDeployments = List.copyOf(imageDeployments);
  }

  public boolean imageCapable() {
    return !imageDeployments.isEmpty();
  }
}
