package dev.imagegate.error;

/** A key, user, team or end user has spent its budget (HTTP 400 with type {@code budget_exceeded}, as LiteLLM). */
public final class BudgetExceeded extends ImageGateException {
  public BudgetExceeded(String message, Details details) {
    super(message, details, null);
  }

  @Override
  public int status() {
    return 400;
  }

  @Override
  public String type() {
    return "budget_exceeded";
  }

  @Override
  public String code() {
    return "400";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
