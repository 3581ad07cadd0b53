package dev.imagegate.gateway.models;

import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.images.ImagesCall;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Router;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which model groups a caller may use. Only configured, image-capable groups are ever served: a model string the
 * configuration does not name is a 404 listing what the caller may use (clients never reach providers directly).
 */
public final class GroupAccess {
  private final Router router;

  public GroupAccess(Router router) {
    this.router = router;
  }

  /** The groups {@code caller} may generate images with, in configuration order. */
  public List<ModelGroup> groupsFor(Caller caller) {
    return router.groups().stream().filter(ModelGroup::imageCapable).filter(g -> caller.allows(g.name())).toList();
  }

  /**
   * The group the call names (whether the caller may use it is the enforcement's to say, in LiteLLM's words); the
   * only group the caller may use when it names none.
   */
  public ModelGroup require(ImagesCall call, Caller caller) {
    List<ModelGroup> allowed = groupsFor(caller);
    if (!call.modelGiven()) {
      if (allowed.size() == 1) {
        return allowed.get(0);
      }
      throw new BadRequest("'model' is required: one of " + names(allowed), "model");
    }
    String name = call.request().model();
    return router.group(name).filter(ModelGroup::imageCapable)
        .orElseThrow(() -> BadRequest.refused(404, "model_not_found", "model",
            "The model '" + name + "' does not exist or you do not have access to it. Models you may use: "
                + names(allowed) + " (GET /v1/models)"));
  }

  /**
   * Refuses an edit or variation on {@code group} when none of its deployments' models can do it, naming the model,
   * the operation and the groups the caller may use that can. (Which deployment takes a call that some can serve is
   * the router's choice.)
   */
  public void requireOperation(ModelGroup group, Operation operation, Caller caller) {
    if (operation == Operation.GENERATE || serves(group, operation)) {
      return;
    }
    List<ModelGroup> able = groupsFor(caller).stream().filter(g -> serves(g, operation)).toList();
    throw new BadRequest("The model '" + group.name() + "' cannot do image " + operation.wire() + "s. Models you "
        + "may use that can: " + names(able), "model");
  }

  private static boolean serves(ModelGroup group, Operation operation) {
    return group.targets().stream().anyMatch(t -> t.capabilities() != null && t.capabilities().serves(operation));
  }

  /** The protected request fields (e.g. {@code api_base}) the operator lets clients set for {@code model}. */
  public Set<String> clientParamsAllowed(String model) {
    Set<String> out = new LinkedHashSet<>();
    router.group(model).ifPresent(group -> {
      for (Deployment deployment : group.deployments()) {
        out.addAll(deployment.clientParams());
      }
    });
    return out;
  }

  private static String names(List<ModelGroup> groups) {
    return groups.isEmpty() ? "(none)" : String.join(", ", groups.stream().map(ModelGroup::name).toList());
  }
}
