package dev.imagegate.router;

import dev.imagegate.error.BadRequest;
import java.util.List;

/**
 * Tag filtering as LiteLLM does it: a tagged request goes to deployments sharing at least one of its tags, else to
 * deployments tagged {@code default}; an untagged request goes to deployments tagged {@code default} when there are
 * any, else to all.
 */
final class Tags {
  static final String DEFAULT = "default";

  private Tags() {
  }

  static List<Target> select(ModelGroup group, List<String> requestTags) {
    List<Target> all = group.targets();
    List<Target> defaults = all.stream().filter(t -> t.deployment().tags().contains(DEFAULT)).toList();
    if (requestTags.isEmpty()) {
      return defaults.isEmpty() ? all : defaults;
    }
    List<Target> matching = all.stream()
        .filter(t -> t.deployment().tags().stream().anyMatch(requestTags::contains)).toList();
    if (!matching.isEmpty()) {
      return matching;
    }
    if (!defaults.isEmpty()) {
      return defaults;
    }
    throw new BadRequest("No deployment of model group '" + group.name() + "' has any of the tags " + requestTags
        + " and none is tagged 'default'", "tags");
  }
}
