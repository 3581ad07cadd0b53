package dev.imagegate.error;

import dev.imagegate.ContentFilter;

/**
 * The prompt or the image was refused by a safety system (HTTP 400, code {@code content_policy_violation}), with the
 * content-filter verdicts the refusal carried (Azure), {@link ContentFilter#NONE} otherwise.
 */
public final class ContentPolicyViolation extends ImageGateException {
  private final ContentFilter contentFilter;

  public ContentPolicyViolation(String message, Details details) {
    this(message, details, ContentFilter.NONE);
  }

  public ContentPolicyViolation(String message, Details details, ContentFilter contentFilter) {
    super(message, details, null);
    this.contentFilter = contentFilter == null ? ContentFilter.NONE : contentFilter;
  }

  /** The verdicts the refusal carried (which categories were filtered, at what severity), or none. */
  public ContentFilter contentFilter() {
    return contentFilter;
  }

  @Override
  public int status() {
    return 400;
  }

  @Override
  public String type() {
    return "invalid_request_error";
  }

  @Override
  public String code() {
    return "content_policy_violation";
  }

  @Override
  public String param() {
    return "prompt";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
