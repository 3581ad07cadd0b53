package dev.imagegate.error;

/** The prompt or the image was refused by a safety system (HTTP 400, code {@code content_policy_violation}). */
public final class ContentPolicyViolation extends ImageGateException {
  public ContentPolicyViolation(String message, Details details) {
    super(message, details, null);
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
