package dev.imagegate.gateway.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A budgeted principal as stored: a team, an internal user or an end user (LiteLLM's customer). Its budget is shared
 * by everything charged to it; its {@link Profile} holds what an operator sets besides the budget. {@code spendNanos}
 * is the spend of the current budget period as last persisted. How the kinds differ is data in {@link Kind}.
 */
public record Principal(Kind kind, String id, Profile profile, Budget budget, long spendNanos, Instant createdAt,
                        Instant updatedAt) {
  /** A setting a kind of principal may have besides its budget; its column is LiteLLM's JSON field name. */
  public enum Field {
    ALIAS(null), EMAIL("user_email"), ROLE("user_role"), MODELS("models"), RPM_LIMIT("rpm_limit"),
    METADATA("metadata"), BLOCKED("blocked");

    private final String column;

    Field(String column) {
      this.column = column;
    }
  }

  /**
   * The kinds of principal and what sets them apart: their table, the column of their alias, the settings they have,
   * the {@code ig_key} column naming the keys they own (deleted with them), the noun and route prefix their
   * endpoints use, whether {@code /new} makes up an id when none is given, and whether it also generates a key
   * (LiteLLM's {@code auto_create_key}, on unless the request turns it off).
   */
  public enum Kind {
    TEAM(BudgetScope.TEAM, "team_alias", "team_id", "Team", "/team", true, false,
        EnumSet.of(Field.ALIAS, Field.MODELS, Field.RPM_LIMIT, Field.METADATA, Field.BLOCKED)),
    USER(BudgetScope.USER, "user_alias", "user_id", "User", "/user", true, true,
        EnumSet.of(Field.ALIAS, Field.EMAIL, Field.ROLE, Field.MODELS, Field.METADATA)),
    END_USER(BudgetScope.END_USER, "alias", null, "Customer", "/customer", false, false,
        EnumSet.of(Field.ALIAS, Field.BLOCKED));

    private final BudgetScope scope;
    private final String aliasColumn;
    private final String keyColumn;
    private final String noun;
    private final String route;
    private final boolean generatesIds;
    private final boolean createsKey;
    private final Set<Field> fields;

    Kind(BudgetScope scope, String aliasColumn, String keyColumn, String noun, String route, boolean generatesIds,
         boolean createsKey, Set<Field> fields) {
      this.scope = scope;
      this.aliasColumn = aliasColumn;
      this.keyColumn = keyColumn;
      this.noun = noun;
      this.route = route;
      this.generatesIds = generatesIds;
      this.createsKey = createsKey;
      this.fields = fields;
    }

    /** The kind whose budgets have this scope; {@link BudgetScope#KEY} has none. */
    public static Kind of(BudgetScope scope) {
      for (Kind kind : values()) {
        if (kind.scope == scope) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no principal has budgets of scope " + scope);
    }

    public BudgetScope scope() {
      return scope;
    }

    /** The id column, which is also the id's JSON field ({@code team_id}, {@code user_id}). */
    public String idColumn() {
      return scope.idColumn;
    }

    /** The column, and JSON field, of {@code field} for this kind. */
    public String column(Field field) {
      return field == Field.ALIAS ? aliasColumn : field.column;
    }

    public boolean has(Field field) {
      return fields.contains(field);
    }

    /** The settings this kind has, in column order. */
    public Set<Field> fields() {
      return fields;
    }

    /** Whether keys belong to principals of this kind (and go when they go). */
    public boolean ownsKeys() {
      return keyColumn != null;
    }

    String keyColumn() {
      return keyColumn;
    }

    /** How messages name this kind ({@code "Team"}). */
    public String noun() {
      return noun;
    }

    /** The prefix of this kind's management routes ({@code "/team"}). */
    public String route() {
      return route;
    }

    public boolean generatesIds() {
      return generatesIds;
    }

    public boolean createsKey() {
      return createsKey;
    }

    String table() {
      return scope.table;
    }
  }

  public Principal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    profile = profile == null ? Profile.NONE : profile;
    budget = budget == null ? Budget.NONE : budget;
  }

  /** A new principal: nothing spent yet, created and updated {@code now}. */
  public static Principal created(Kind kind, String id, Profile profile, Budget budget, Instant now) {
    return new Principal(kind, id, profile, budget, 0, now, now);
  }

  /** The same principal with new settings, changed {@code now}; spend and creation time stay. */
  public Principal changed(Profile newProfile, Budget newBudget, Instant now) {
    return new Principal(kind, id, newProfile, newBudget, spendNanos, createdAt, now);
  }

  /** Allowed model groups; empty means every model. */
  public List<String> models() {
    return profile.models();
  }

  public Integer rpmLimit() {
    return profile.rpmLimit();
  }

  public boolean blocked() {
    return profile.blocked();
  }
}
