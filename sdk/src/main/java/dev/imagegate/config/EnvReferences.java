package dev.imagegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.imagegate.provider.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Replaces LiteLLM's secret references, string values {@code os.environ/NAME}, with the variable's value. A variable
 * that is not set is an error naming it and where it is used.
 */
final class EnvReferences {
  static final String PREFIX = "os.environ/";

  private final Env env;
  private final Problems problems;
  private final boolean strict;

  /**
   * @param strict whether an unset variable is an error; when not (sections imagegate does not read yet) it is a
   *     warning and the reference is left as written, so the feature that reads it later can report it
   */
  EnvReferences(Env env, Problems problems, boolean strict) {
    this.env = env;
    this.problems = problems;
    this.strict = strict;
  }

  /**
   * Resolves every reference under {@code node} in place.
   *
   * @param where describes the path for messages, e.g. adds the model group name to {@code model_list[0]}
   */
  void resolve(JsonNode node, String path, Function<String, String> where) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String child = path.isEmpty() ? name : path + "." + name;
        JsonNode value = object.get(name);
        if (isReference(value)) {
          object.set(name, lookup(value.asText(), child, where));
        } else {
          resolve(value, child, where);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String child = path + "[" + i + "]";
        if (isReference(array.get(i))) {
          array.set(i, lookup(array.get(i).asText(), child, where));
        } else {
          resolve(array.get(i), child, where);
        }
      }
    }
  }

  /** Resolves the values of {@code environment_variables} against the process environment only. */
  static String resolveValue(String value, Env base) {
    return value.startsWith(PREFIX) ? base.get(value.substring(PREFIX.length()).trim()) : value;
  }

  /**
   * For a value a lenient section left as written (its variable was not set): the problem to report; else null. The
   * feature reading such a section reports it when it reads the value.
   */
  static String unresolved(String value) {
    return value != null && value.startsWith(PREFIX) ? "environment variable "
        + value.substring(PREFIX.length()).trim() + " is not set (referenced as " + value + ")" : null;
  }

  private static boolean isReference(JsonNode node) {
    return node != null && node.isTextual() && node.asText().startsWith(PREFIX);
  }

  private JsonNode lookup(String reference, String path, Function<String, String> where) {
    String name = reference.substring(PREFIX.length()).trim();
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      String message = "environment variable " + name + " is not set (referenced by " + where.apply(path) + " as "
          + reference + ")";
      if (!strict) {
        problems.warn(path, message + "; left unresolved");
        return TextNode.valueOf(reference);
      }
      problems.error(path, message);
      return TextNode.valueOf("");
    }
    return TextNode.valueOf(value);
  }

  /** For messages: {@code model_list[2] (model_name 'images')}. */
  static Function<String, String> describingEntries(JsonNode modelList) {
    return path -> {
      if (!path.startsWith("model_list[") || modelList == null || !modelList.isArray()) {
        return path;
      }
      int close = path.indexOf(']');
      int index = Integer.parseInt(path.substring("model_list[".length(), close));
      JsonNode entry = modelList.get(index);
      JsonNode name = entry == null ? null : entry.get("model_name");
      return name == null ? path : "the entry " + path.substring(0, close + 1) + " (model_name '" + name.asText()
          + "') at " + path;
    };
  }
}
