package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.store.BudgetDuration;
import java.math.BigDecimal;
import java.util.Set;

/** Bodies of the customer (end-user) endpoints; bad or unknown fields are a {@link BadRequest}. */
public final class CustomerRequests {
  private static final Set<String> FIELDS = Set.of("user_id", "alias", "max_budget", "budget_duration", "blocked");

  private CustomerRequests() {}

  /** {@code POST /customer/new} (alias {@code /end_user/new}): {@code user_id} is required. */
  public record New(String userId, String alias, BigDecimal maxBudget, BudgetDuration budgetDuration,
                    boolean blocked) {
    public New {
      TeamRequests.required(userId, "user_id");
    }

    public static New from(JsonNode body) {
      JsonParams p = JsonParams.of(body, FIELDS);
      return new New(p.string("user_id"), p.string("alias"), p.money("max_budget"), p.duration("budget_duration"),
          p.bool("blocked") == Boolean.TRUE);
    }
  }

  /** {@code POST /customer/update}: absent fields are kept, {@code null} clears. */
  public record Update(String userId, Change<String> alias, Change<BigDecimal> maxBudget,
                       Change<BudgetDuration> budgetDuration, Change<Boolean> blocked) {
    public Update {
      TeamRequests.required(userId, "user_id");
    }

    public static Update from(JsonNode body) {
      JsonParams p = JsonParams.of(body, FIELDS);
      return new Update(p.string("user_id"), p.change("alias", p::string), p.change("max_budget", p::money),
          p.change("budget_duration", p::duration), p.change("blocked", p::bool));
    }
  }
}
