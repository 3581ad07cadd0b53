package dev.imagegate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.BudgetExceeded;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.RateLimited;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.keys.GenerateKeyRequest;
import dev.imagegate.gateway.keys.GeneratedKey;
import dev.imagegate.gateway.keys.KeyListQuery;
import dev.imagegate.gateway.keys.KeyRef;
import dev.imagegate.gateway.keys.KeySecrets;
import dev.imagegate.gateway.keys.PrincipalRequests;
import dev.imagegate.gateway.keys.UpdateKeyRequest;
import dev.imagegate.provider.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store contract, part one: migrations and the key lifecycle on a real database. */
abstract class KeyContract extends PrincipalContract {
  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  GeneratedKey generate(String body) {
    return gateway.keys.generate(GenerateKeyRequest.from(json(body)));
  }

  @Test
  void freshDatabaseIsMigratedToTheLatestVersion() {
    assertThat(gateway.store.schemaVersion()).isEqualTo("5");
    assertThat(gateway.store.spend().count()).isZero();
    assertThat(gateway.store.keys().count(KeyTable.Filter.ALL)).isZero();
  }

  @Test
  void existingDatabaseIsMigratedKeepingItsRows() {
    gateway.close();
    DatabaseUrl older = freshDatabase0();
    try (Store v1 = Store.open(older, OPTIONS, "1")) {
      assertThat(v1.schemaVersion()).isEqualTo("1");
      v1.principals(Principal.Kind.TEAM).insert(Principal.created(Principal.Kind.TEAM, "t-old",
          Profile.builder().models(List.of("dall-e-3")).build(), Budget.NONE, clock.instant()));
    }
    url = older;
    gateway = open();
    assertThat(gateway.store.schemaVersion()).isEqualTo("5");
    assertThat(gateway.store.principals(Principal.Kind.TEAM).byId("t-old")).get().extracting(Principal::models)
        .isEqualTo(List.of("dall-e-3"));
    gateway.close();
    gateway = open();
    assertThat(gateway.store.schemaVersion()).isEqualTo("5");
  }

  private DatabaseUrl freshDatabase0() {
    try {
      return freshDatabase();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void generatedKeyIsStoredOnlyAsItsHashAndCanBeReadUpdatedListedAndDeleted() {
    GeneratedKey key = generate("{\"models\": [\"dall-e-3\"], \"key_alias\": \"ci\", \"max_budget\": 12.5, "
        + "\"metadata\": {\"team\": \"art\"}, \"tags\": [\"prod\"], \"rpm_limit\": 10}");
    assertThat(key.key()).startsWith("sk-").hasSizeGreaterThanOrEqualTo(46);
    KeyRecord stored = gateway.store.keys().byAlias("ci").orElseThrow();
    assertThat(stored.token()).isEqualTo(KeySecrets.hash(key.key())).isNotEqualTo(key.key());
    assertThat(stored.keyName()).isEqualTo("sk-..." + key.key().substring(key.key().length() - 4));
    Map<String, Object> json = key.toJson();
    assertThat(json).containsEntry("key", key.key()).containsEntry("token", stored.token())
        .containsEntry("key_alias", "ci").containsEntry("models", List.of("dall-e-3"))
        .containsEntry("metadata", Map.of("team", "art")).containsEntry("rpm_limit", 10);
    assertThat(json.get("max_budget").toString()).isEqualTo("12.5");

    assertThat(gateway.keys.info(key.key()).view().key().keyAlias()).isEqualTo("ci");
    assertThat(gateway.keys.info(stored.token()).toJson()).containsKey("info");
    gateway.keys.update(UpdateKeyRequest.from(json("{\"key\": \"" + key.key() + "\", \"max_budget\": null, "
        + "\"key_alias\": \"ci-2\"}")));
    KeyRecord updated = gateway.store.keys().byId(stored.keyId()).orElseThrow();
    assertThat(updated.budget().maxBudgetNanos()).isNull();
    assertThat(updated.keyAlias()).isEqualTo("ci-2");
    assertThat(updated.rpmLimit()).isEqualTo(10);

    clock.advance(Duration.ofSeconds(1));
    generate("{\"key_alias\": \"other\"}");
    var page = gateway.keys.list(new KeyListQuery(1, 1, null, null, null, false));
    assertThat(page.totalCount()).isEqualTo(2);
    assertThat(page.totalPages()).isEqualTo(2);
    assertThat(page.toJson().get("keys")).isEqualTo(List.of(stored.token()));
    assertThat(gateway.keys.list(new KeyListQuery(1, 10, null, null, "other", true)).keys()).hasSize(1);

    assertThat(gateway.keys.delete(KeyRef.Delete.from(json("{\"keys\": [\"" + key.key() + "\"]}"))).toJson())
        .containsEntry("deleted_keys", List.of(key.key()));
    assertThatThrownBy(() -> gateway.cache.authenticate(key.key())).isInstanceOf(Authentication.class)
        .hasMessageContaining("Invalid proxy server token");
    assertThatThrownBy(() -> gateway.keys.info(key.key())).isInstanceOf(NotFound.class);
  }

  @Test
  void aKeyDeleteThatFailsMidwayDeletesNoKey() throws Exception {
    generate("{\"key_alias\": \"first\"}");
    generate("{\"key_alias\": \"boom\"}");
    refuseDeleting("ig_key", "key_alias", "boom");
    assertThatThrownBy(() -> gateway.keys.delete(KeyRef.Delete.from(json("{\"key_aliases\": [\"first\", "
        + "\"boom\"]}")))).isInstanceOf(StoreException.class).hasMessageContaining("boom refused");
    assertThat(gateway.store.keys().byAlias("first")).isPresent();
    assertThat(gateway.store.keys().count(KeyTable.Filter.ALL)).isEqualTo(2);
  }

  @Test
  void aliasesAreUniqueAndTeamsMustExist() {
    generate("{\"key_alias\": \"dup\"}");
    assertThatThrownBy(() -> generate("{\"key_alias\": \"dup\"}")).isInstanceOf(BadRequest.class)
        .extracting("param").isEqualTo("key_alias");
    assertThatThrownBy(() -> generate("{\"team_id\": \"nope\"}")).isInstanceOf(BadRequest.class)
        .hasMessageContaining("Team 'nope' does not exist").extracting("param").isEqualTo("team_id");
  }

  @Test
  void expiredKeysAreRefusedWithLiteLlmsMessage() {
    GeneratedKey key = generate("{\"duration\": \"1h\"}");
    assertThat(gateway.cache.authenticate(key.key()).key().expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
    clock.advance(Duration.ofMinutes(61));
    assertThatThrownBy(() -> gateway.cache.authenticate(key.key())).isInstanceOf(Authentication.class)
        .hasMessageStartingWith("Authentication Error - Expired Key. Key Expiry time");
  }

  @Test
  void blockedKeysAreRefusedUntilUnblocked() {
    GeneratedKey key = generate("{}");
    gateway.cache.authenticate(key.key());
    gateway.keys.block(KeyRef.from(json("{\"key\": \"" + key.key() + "\"}")));
    assertThatThrownBy(() -> gateway.cache.authenticate(key.key())).isInstanceOf(Authentication.class)
        .hasMessage("Authentication Error, Key is blocked. Update via `/key/unblock` if you're an admin.");
    gateway.keys.unblock(key.view().key().token());
    assertThat(gateway.cache.authenticate(key.key()).key().blocked()).isFalse();
  }

  @Test
  void regenerateIssuesANewSecretForTheSameKeyAndTheOldOneStopsWorking() {
    GeneratedKey key = generate("{\"key_alias\": \"rotating\", \"max_budget\": 1}");
    gateway.succeed(gateway.admit(gateway.cache.authenticate(key.key()), null, "dall-e-3", DALL_E_3), DALL_E_3);
    GeneratedKey renewed = gateway.keys.regenerate(key.key());
    assertThat(renewed.key()).isNotEqualTo(key.key()).startsWith("sk-");
    assertThatThrownBy(() -> gateway.cache.authenticate(key.key())).isInstanceOf(Authentication.class);
    AuthenticatedKey auth = gateway.cache.authenticate(renewed.key());
    assertThat(auth.key().keyAlias()).isEqualTo("rotating");
    assertThat(auth.key().keyId()).isEqualTo(key.view().key().keyId());
    assertThat(renewed.view().spendNanos()).isEqualTo(Nanos.of(DALL_E_3.amount()));
  }

  @Test
  void aKeyInheritsItsTeamsModelsBudgetAndRateLimit() {
    gateway.teams.create(PrincipalRequests.New.from(Principal.Kind.TEAM, json("{\"team_id\": \"art\", "
        + "\"models\": [\"dall-e-3\"], \"max_budget\": 0.08, \"rpm_limit\": 5}")));
    assertThatThrownBy(() -> generate("{\"team_id\": \"art\", \"models\": [\"gpt-image-1\"]}"))
        .isInstanceOf(BadRequest.class).extracting("param").isEqualTo("models");
    AuthenticatedKey first = gateway.cache.authenticate(generate("{\"team_id\": \"art\"}").key());
    AuthenticatedKey second = gateway.cache.authenticate(generate("{\"team_id\": \"art\", \"rpm_limit\": 50}").key());
    assertThat(first.models()).containsExactly("dall-e-3");
    assertThat(second.effectiveRpmLimit()).isEqualTo(5);
    assertThatThrownBy(() -> gateway.admit(first, null, "gpt-image-1", DALL_E_3)).isInstanceOf(Authentication.class)
        .hasMessageContaining("Team=art not allowed to access model");
    gateway.succeed(gateway.admit(first, null, "dall-e-3", DALL_E_3), DALL_E_3);
    gateway.succeed(gateway.admit(second, null, "dall-e-3", DALL_E_3), DALL_E_3);
    assertThatThrownBy(() -> gateway.admit(second, null, "dall-e-3", DALL_E_3)).isInstanceOf(BudgetExceeded.class)
        .hasMessageContaining("Team=art");
    gateway.teams.update(PrincipalRequests.Update.from(Principal.Kind.TEAM,
        json("{\"team_id\": \"art\", \"max_budget\": null}")));
    AuthenticatedKey refreshed = gateway.cache.authenticate(generate("{\"team_id\": \"art\"}").key());
    for (int i = 0; i < 3; i++) {
      gateway.admit(refreshed, null, "dall-e-3", DALL_E_3).close();
    }
    assertThatThrownBy(() -> gateway.admit(refreshed, null, "dall-e-3", DALL_E_3)).isInstanceOf(RateLimited.class)
        .hasMessageContaining("Team=art");
  }
}
