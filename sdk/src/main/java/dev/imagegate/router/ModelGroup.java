package dev.imagegate.router;

import java.util.List;

/**
 * The deployments sharing one {@code model_name}. A group is image-capable when at least one deployment is: only
 * those deployments, resolved into {@link Target}s when the router is built, are ever called for images, and only
 * image-capable groups may be fallbacks.
 *
 * @param direct a group of one made for a provider model string called by name (no group has that name): its
 *     refusals are the provider's own, not the group's
 */
public record ModelGroup(String name, List<Deployment> deployments, List<Target> targets, boolean direct) {
  public ModelGroup {
    deployments = List.copyOf(deployments);
    targets = List.copyOf(targets);
  }

  public ModelGroup(String name, List<Deployment> deployments, List<Target> targets) {
    this(name, deployments, targets, false);
  }

  /** The deployments that serve images, in configuration order. */
  public List<Deployment> imageDeployments() {
    return targets.stream().map(Target::deployment).toList();
  }

  public boolean imageCapable() {
    return !targets.isEmpty();
  }
}
