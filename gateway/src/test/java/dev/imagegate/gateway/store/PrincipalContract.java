package dev.imagegate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.error.NotFound;
import dev.imagegate.gateway.keys.GenerateKeyRequest;
import dev.imagegate.gateway.keys.PrincipalRequests;
import dev.imagegate.gateway.keys.PrincipalService;
import dev.imagegate.gateway.store.Principal.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract, principals: deleting teams or users deletes their keys in one transaction, so a failure midway
 * (here a trigger that refuses to delete the principal {@code boom}) leaves every row as it was.
 */
abstract class PrincipalContract extends ContractBase {
  @Test
  void aTeamDeleteThatFailsMidwayLeavesTeamsAndKeysAsTheyWere() throws Exception {
    aDeleteThatFailsMidwayLeavesEverythingAsItWas(Kind.TEAM, gateway.teams);
  }

  @Test
  void aUserDeleteThatFailsMidwayLeavesUsersAndKeysAsTheyWere() throws Exception {
    aDeleteThatFailsMidwayLeavesEverythingAsItWas(Kind.USER, gateway.users);
  }

  @Test
  void insertingAnIdThatExistsChangesNothing() {
    for (Kind kind : Kind.values()) {
      Principal first = Principal.created(kind, "p-1", Profile.builder().alias("first").build(), Budget.NONE,
          clock.instant());
      assertThat(gateway.store.principals(kind).insert(first)).as(kind.name()).isTrue();
      assertThat(gateway.store.principals(kind).insert(Principal.created(kind, "p-1",
          Profile.builder().alias("second").build(), Budget.NONE, clock.instant()))).as(kind.name()).isFalse();
      assertThat(gateway.store.principals(kind).byId("p-1")).get().isEqualTo(first);
    }
  }

  @Test
  void aDeleteNamingAnUnknownIdDeletesNothing() {
    create(Kind.TEAM, gateway.teams, "a");
    key(Kind.TEAM, "a");
    assertThatThrownBy(() -> gateway.teams.delete(List.of("a", "ghost"))).isInstanceOf(NotFound.class)
        .hasMessage("Team not found: ghost");
    assertThat(gateway.store.principals(Kind.TEAM).byId("a")).isPresent();
    assertThat(gateway.store.keys().ownedBy(Kind.TEAM, "a")).hasSize(1);
  }

  private void aDeleteThatFailsMidwayLeavesEverythingAsItWas(Kind kind, PrincipalService service) throws Exception {
    for (String id : List.of("a", "boom", "other")) {
      create(kind, service, id);
      key(kind, id);
      key(kind, id);
    }
    refuseDeleting(kind, "boom");
    assertThatThrownBy(() -> service.delete(List.of("a", "boom"))).isInstanceOf(StoreException.class)
        .hasMessageContaining("boom refused");
    for (String id : List.of("a", "boom", "other")) {
      assertThat(gateway.store.principals(kind).byId(id)).as(id).isPresent();
      assertThat(gateway.store.keys().ownedBy(kind, id)).as(id + "'s keys").hasSize(2);
    }

    assertThat(service.delete(List.of("a"))).containsExactly("a");
    assertThat(gateway.store.principals(kind).byId("a")).isEmpty();
    assertThat(gateway.store.keys().ownedBy(kind, "a")).isEmpty();
    assertThat(gateway.store.keys().count(KeyTable.Filter.ALL)).isEqualTo(4);
  }

  private static void create(Kind kind, PrincipalService service, String id) {
    service.create(PrincipalRequests.New.from(kind, KeyContract.json("{\"" + kind.idColumn() + "\": \"" + id + "\""
        + (kind.createsKey() ? ", \"auto_create_key\": false" : "") + "}")));
  }

  private void key(Kind kind, String id) {
    GenerateKeyRequest.Builder request = GenerateKeyRequest.builder();
    gateway.keys.generate((kind == Kind.TEAM ? request.teamId(id) : request.userId(id)).build());
  }

  private void refuseDeleting(Kind kind, String id) throws SQLException {
    refuseDeleting(kind == Kind.TEAM ? "ig_team" : "ig_user", kind.idColumn(), id);
  }

  /** A trigger that makes deleting the row {@code id} of {@code table} fail, as a database error midway would. */
  void refuseDeleting(String table, String idColumn, String id) throws SQLException {
    String when = "OLD." + idColumn + " = '" + id + "'";
    try (Connection connection = url.kind() == DatabaseUrl.Kind.SQLITE ? DriverManager.getConnection(url.jdbcUrl())
        : DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         Statement statement = connection.createStatement()) {
      if (url.kind() == DatabaseUrl.Kind.SQLITE) {
        statement.execute("CREATE TRIGGER refuse_delete BEFORE DELETE ON " + table + " WHEN " + when
            + " BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
      } else {
        statement.execute("CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS "
            + "$$ BEGIN RAISE EXCEPTION 'boom refused'; END $$");
        statement.execute("CREATE TRIGGER refuse_delete BEFORE DELETE ON " + table + " FOR EACH ROW WHEN (" + when
            + ") EXECUTE FUNCTION refuse_delete()");
      }
    }
  }
}
