package dev.imagegate.gateway.keys;

import java.util.List;

/**
 * Whether a model list lets a caller use a model group: an empty list or {@code "*"} allows every model, an entry
 * ending in {@code *} allows that prefix ({@code "openai/*"}), any other entry allows exactly that name.
 * {@code all-team-models} in a key's list stands for its team's list.
 */
public final class ModelAccess {
  public static final String ALL_TEAM_MODELS = "all-team-models";

  private ModelAccess() {}

  public static boolean allows(List<String> models, String modelGroup) {
    if (models.isEmpty()) {
      return true;
    }
    for (String entry : models) {
      if (entry.equals("*") || entry.equals(modelGroup)
          || entry.endsWith("*") && modelGroup.startsWith(entry.substring(0, entry.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  /** The models a key may use on its own account: its list, or its team's for an empty list or all-team-models. */
  public static List<String> keyModels(List<String> keyModels, List<String> teamModels) {
    return keyModels.isEmpty() || keyModels.contains(ALL_TEAM_MODELS) ? teamModels : keyModels;
  }
}
