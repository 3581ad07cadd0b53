package dev.imagegate.config;

/**
 * One thing wrong with a configuration file: where ({@code file:line}, and the key path such as
 * {@code model_list[0].litellm_params.api_key}) and what. Errors stop the load; warnings do not.
 *
 * @param line 1-based, 0 when unknown
 */
public record ConfigProblem(Severity severity, String file, int line, String key, String message) {
  public enum Severity { ERROR, WARNING }

  /** {@code config.yaml:12: model_list[0].litellm_params.rpm: must be a whole number}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + message;
  }
}
