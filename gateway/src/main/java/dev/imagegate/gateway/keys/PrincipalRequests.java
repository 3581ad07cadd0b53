package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.store.BudgetDuration;
import dev.imagegate.gateway.store.Principal.Field;
import dev.imagegate.gateway.store.Principal.Kind;
import dev.imagegate.gateway.store.Profile;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bodies of the team, user and customer endpoints, read from LiteLLM's JSON. A kind accepts its id, its settings
 * ({@link Kind#fields()}, named as its columns), {@code max_budget} and {@code budget_duration}; bad or unknown fields
 * are a {@link BadRequest}.
 */
public final class PrincipalRequests {
  private PrincipalRequests() {}

  /** {@code POST <route>/new}; a null {@code id} is made up when the kind {@link Kind#generatesIds()}. */
  public record New(Kind kind, String id, Profile profile, BigDecimal maxBudget, BudgetDuration budgetDuration,
                    boolean createKey) {
    public New {
      if (!kind.generatesIds()) {
        required(id, kind.idColumn());
      }
    }

    public static New from(Kind kind, JsonNode body) {
      Set<String> fields = fields(kind);
      if (kind.createsKey()) {
        fields.add("auto_create_key");
      }
      JsonParams p = JsonParams.of(body, fields);
      Profile profile = Profile.builder().alias(p.string(kind.column(Field.ALIAS)))
          .email(p.string(kind.column(Field.EMAIL))).role(p.string(kind.column(Field.ROLE)))
          .models(p.strings(kind.column(Field.MODELS))).rpmLimit(p.count(kind.column(Field.RPM_LIMIT)))
          .metadata(p.object(kind.column(Field.METADATA))).blocked(p.bool(kind.column(Field.BLOCKED)) == Boolean.TRUE)
          .build();
      return new New(kind, p.string(kind.idColumn()), profile, p.money("max_budget"), p.duration("budget_duration"),
          kind.createsKey() && p.bool("auto_create_key") != Boolean.FALSE);
    }
  }

  /** {@code POST <route>/update}: absent fields are kept, {@code null} clears. */
  public record Update(Kind kind, String id, ProfileChange profile, Change<BigDecimal> maxBudget,
                       Change<BudgetDuration> budgetDuration) {
    public Update {
      required(id, kind.idColumn());
    }

    public static Update from(Kind kind, JsonNode body) {
      JsonParams p = JsonParams.of(body, fields(kind));
      ProfileChange profile = new ProfileChange(p.change(kind.column(Field.ALIAS), p::string),
          p.change(kind.column(Field.EMAIL), p::string), p.change(kind.column(Field.ROLE), p::string),
          p.change(kind.column(Field.MODELS), p::strings), p.change(kind.column(Field.RPM_LIMIT), p::count),
          p.change(kind.column(Field.METADATA), p::object), p.change(kind.column(Field.BLOCKED), p::bool));
      return new Update(kind, p.string(kind.idColumn()), profile, p.change("max_budget", p::money),
          p.change("budget_duration", p::duration));
    }
  }

  /** How an update changes a {@link Profile}; a field the kind does not accept is never present. */
  public record ProfileChange(Change<String> alias, Change<String> email, Change<String> role,
                              Change<List<String>> models, Change<Integer> rpmLimit,
                              Change<Map<String, Object>> metadata, Change<Boolean> blocked) {
    Profile applyTo(Profile current) {
      return current.toBuilder().alias(alias.or(current.alias())).email(email.or(current.email()))
          .role(role.or(current.role())).models(models.or(current.models())).rpmLimit(rpmLimit.or(current.rpmLimit()))
          .metadata(metadata.or(current.metadata())).blocked(blocked.or(current.blocked()) == Boolean.TRUE).build();
    }
  }

  /**
   * {@code POST <route>/delete} (and {@code /customer/block}): the ids in the plural of the kind's id field,
   * {@code {"team_ids": [...]}} or {@code {"user_ids": [...]}}.
   */
  public static List<String> ids(Kind kind, JsonNode body) {
    String field = kind.idColumn() + "s";
    List<String> ids = JsonParams.of(body, Set.of(field)).strings(field);
    if (ids == null || ids.isEmpty()) {
      throw new BadRequest("'" + field + "' must name at least one " + kind.noun().toLowerCase(Locale.ROOT),
          field);
    }
    return ids;
  }

  /** {@code POST /team/block} and {@code /team/unblock}: {@code {"team_id": "..."}}. */
  public static String id(Kind kind, JsonNode body) {
    return required(JsonParams.of(body, Set.of(kind.idColumn())).string(kind.idColumn()), kind.idColumn());
  }

  private static Set<String> fields(Kind kind) {
    Set<String> fields = new HashSet<>(Set.of(kind.idColumn(), "max_budget", "budget_duration"));
    kind.fields().forEach(field -> fields.add(kind.column(field)));
    return fields;
  }

  private static String required(String value, String param) {
    if (value == null) {
      throw new BadRequest("'" + param + "' is required", param);
    }
    return value;
  }
}
