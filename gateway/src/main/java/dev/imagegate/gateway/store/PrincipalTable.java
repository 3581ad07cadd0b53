package dev.imagegate.gateway.store;

import dev.imagegate.gateway.store.Principal.Field;
import dev.imagegate.gateway.store.Principal.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The table of one {@link Kind} of principal ({@code ig_team}, {@code ig_user}, {@code ig_end_user}): its columns are
 * the kind's settings plus the budget. Writes never touch spend (it belongs to the spend writer). Throws
 * {@link StoreException} on failure. Thread-safe.
 */
public final class PrincipalTable {
  private static final String BUDGET = "max_budget_nanos, budget_duration, budget_period_start, budget_reset_at";

  /**
   * What {@link #delete} did: {@code missing} is an id that named no principal (then nothing was deleted), else null
   * and {@code keys} are the keys that went with the principals.
   */
  public record Deletion(String missing, List<KeyRecord> keys) {}

  private final Sql sql;
  private final Kind kind;
  private final List<Field> fields;
  private final String columns;

  PrincipalTable(Sql sql, Kind kind) {
    this.sql = sql;
    this.kind = kind;
    this.fields = List.copyOf(kind.fields());
    this.columns = String.join(", ", settingColumns()) + ", " + BUDGET;
  }

  private List<String> settingColumns() {
    List<String> names = new ArrayList<>();
    names.add(kind.idColumn());
    fields.forEach(field -> names.add(kind.column(field)));
    return names;
  }

  public Kind kind() {
    return kind;
  }

  /** Inserts the principal unless one with its id exists (then returns false and changes nothing). */
  public boolean insert(Principal principal) {
    List<Object> values = new ArrayList<>();
    values.add(principal.id());
    values.addAll(settings(principal));
    values.add(principal.spendNanos());
    values.add(principal.createdAt());
    values.add(principal.updatedAt());
    String marks = "?, ".repeat(values.size() - 1) + "?";
    return sql.update("INSERT INTO " + kind.table() + " (" + columns + ", spend_nanos, created_at, updated_at) "
        + "VALUES (" + marks + ") ON CONFLICT (" + kind.idColumn() + ") DO NOTHING", values.toArray()) == 1;
  }

  /** Writes every setting and the budget of the principal with this id (not its spend). */
  public boolean update(Principal principal) {
    List<Object> values = new ArrayList<>(settings(principal));
    values.add(principal.updatedAt());
    values.add(principal.id());
    List<String> assignments = new ArrayList<>();
    fields.forEach(field -> assignments.add(kind.column(field) + " = ?"));
    for (String column : BUDGET.split(", ")) {
      assignments.add(column + " = ?");
    }
    return sql.update("UPDATE " + kind.table() + " SET " + String.join(", ", assignments) + ", updated_at = ? WHERE "
        + kind.idColumn() + " = ?", values.toArray()) == 1;
  }

  public boolean setBlocked(String id, boolean blocked, Instant now) {
    if (!kind.has(Field.BLOCKED)) {
      throw new IllegalArgumentException(kind + " has no blocked flag");
    }
    return sql.update("UPDATE " + kind.table() + " SET blocked = ?, updated_at = ? WHERE " + kind.idColumn()
        + " = ?", blocked, now, id) == 1;
  }

  /**
   * Deletes the principals and the keys they own in one transaction: all of them, or none when one id names no
   * principal or the database fails midway (then a {@link StoreException}).
   */
  public Deletion delete(List<String> ids) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
    return sql.transaction("delete from " + kind.table(), connection -> {
      for (String id : distinct) {
        if (Sql.list(connection, "SELECT 1 AS one FROM " + kind.table() + " WHERE " + kind.idColumn() + " = ?",
            rs -> 1, id).isEmpty()) {
          return new Deletion(id, List.of());
        }
      }
      List<KeyRecord> keys = new ArrayList<>();
      for (String id : distinct) {
        if (kind.ownsKeys()) {
          keys.addAll(KeyTable.ownedBy(connection, kind.keyColumn(), id));
          Sql.update(connection, "DELETE FROM ig_key WHERE " + kind.keyColumn() + " = ?", id);
        }
        Sql.update(connection, "DELETE FROM " + kind.table() + " WHERE " + kind.idColumn() + " = ?", id);
      }
      return new Deletion(null, List.copyOf(keys));
    });
  }

  public Optional<Principal> byId(String id) {
    return sql.one("SELECT " + columns + ", spend_nanos, created_at, updated_at FROM " + kind.table() + " WHERE "
        + kind.idColumn() + " = ?", this::read, id);
  }

  /** Every principal of the kind, oldest first. */
  public List<Principal> list() {
    return sql.list("SELECT " + columns + ", spend_nanos, created_at, updated_at FROM " + kind.table()
        + " ORDER BY created_at, " + kind.idColumn(), this::read);
  }

  private List<Object> settings(Principal principal) {
    Profile profile = principal.profile();
    List<Object> values = new ArrayList<>();
    for (Field field : fields) {
      values.add(switch (field) {
        case ALIAS -> profile.alias();
        case EMAIL -> profile.email();
        case ROLE -> profile.role();
        case MODELS -> JsonColumns.write(profile.models());
        case RPM_LIMIT -> profile.rpmLimit();
        case METADATA -> JsonColumns.write(profile.metadata());
        case BLOCKED -> profile.blocked();
      });
    }
    Budget budget = principal.budget();
    values.add(budget.maxBudgetNanos());
    values.add(budget.duration());
    values.add(budget.periodStart());
    values.add(budget.resetAt());
    return values;
  }

  private Principal read(ResultSet rs) throws SQLException {
    Profile.Builder profile = Profile.builder();
    for (Field field : fields) {
      String column = kind.column(field);
      switch (field) {
        case ALIAS -> profile.alias(rs.getString(column));
        case EMAIL -> profile.email(rs.getString(column));
        case ROLE -> profile.role(rs.getString(column));
        case MODELS -> profile.models(JsonColumns.strings(rs.getString(column)));
        case RPM_LIMIT -> profile.rpmLimit(Sql.intOrNull(rs, column));
        case METADATA -> profile.metadata(JsonColumns.object(rs.getString(column)));
        case BLOCKED -> profile.blocked(rs.getInt(column) != 0);
      }
    }
    return new Principal(kind, rs.getString(kind.idColumn()), profile.build(), Sql.budget(rs),
        rs.getLong("spend_nanos"), Sql.instantOrNull(rs, "created_at"), Sql.instantOrNull(rs, "updated_at"));
  }
}
