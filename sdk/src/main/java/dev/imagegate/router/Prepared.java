package dev.imagegate.router;

import dev.imagegate.ImageRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request checked against its group, before anything is spent: the deployments that can serve it, each with the
 * request it would be sent (made for the deployment and checked against what it accepts). {@link Router#prepare}
 * makes one; {@link Router#estimate(Prepared)} prices it and {@link Router#call(Prepared)} serves it without checking
 * again. Immutable.
 */
public final class Prepared {
  private final ModelGroup group;
  private final ImageRequest request;
  final Map<Deployment, Picker.Pick> servable;

  Prepared(ModelGroup group, ImageRequest request, Map<Deployment, Picker.Pick> servable) {
    this.group = group;
    this.request = request;
    this.servable = servable;
  }

  public ModelGroup group() {
    return group;
  }

  /** The request as the caller made it (its model is the group). */
  public ImageRequest request() {
    return request;
  }

  /**
   * This request with another prompt (a guardrail masked part of it); the rest of what was checked stands, since a
   * deployment's capabilities do not depend on the prompt.
   */
  public Prepared withPrompt(String prompt) {
    if (prompt.equals(request.prompt())) {
      return this;
    }
    Map<Deployment, Picker.Pick> out = new LinkedHashMap<>();
    servable.forEach((deployment, pick) -> out.put(deployment,
        new Picker.Pick(pick.target(), pick.request().toBuilder().prompt(prompt).build())));
    return new Prepared(group, request.toBuilder().prompt(prompt).build(), out);
  }
}
