package dev.imagegate.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.Principal;
import dev.imagegate.gateway.store.Principal.Kind;
import dev.imagegate.gateway.store.Profile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model access of a key: its own list, its team's and its user's must all allow the model (as LiteLLM checks). */
class AuthenticatedKeyTest {
  static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

  static Principal principal(Kind kind, String id, String... models) {
    return Principal.created(kind, id, Profile.builder().models(List.of(models)).build(), Budget.NONE, T);
  }

  static KeyRecord key(String... models) {
    return KeyRecord.builder("key-1", "hash-1", "sk-...abcd", T).models(List.of(models)).build();
  }

  @Test
  void aUsersModelListBoundsItsKeys() {
    AuthenticatedKey key = new AuthenticatedKey(key(), null, principal(Kind.USER, "ann", "dall-e-3"));
    assertThat(key.allows("dall-e-3")).isTrue();
    assertThat(key.allows("gpt-image-1")).isFalse();
    assertThat(key.modelRefusal("gpt-image-1")).isEqualTo("user not allowed to access model. This user can only "
        + "access models=[dall-e-3]. Tried to access gpt-image-1");
  }

  @Test
  void theRefusalNamesTheTeamFirstThenTheUserThenTheKey() {
    Principal team = principal(Kind.TEAM, "art", "openai/*");
    Principal user = principal(Kind.USER, "ann", "openai/dall-e-3", "openai/gpt-image-1", "mock/x");
    AuthenticatedKey key = new AuthenticatedKey(key("openai/dall-e-3", "mock/x"), team, user);
    assertThat(key.modelRefusal("openai/dall-e-3")).isNull();
    assertThat(key.modelRefusal("mock/x")).startsWith("Team=art not allowed to access model");
    assertThat(key.modelRefusal("openai/dall-e-2")).startsWith("user not allowed to access model");
    assertThat(key.modelRefusal("openai/gpt-image-1")).startsWith("key not allowed to access model");
    AuthenticatedKey keyOnly = new AuthenticatedKey(key("dall-e-3"), null, principal(Kind.USER, "bob"));
    assertThat(keyOnly.modelRefusal("gpt-image-1")).isEqualTo("key not allowed to access model. This key can only "
        + "access models=[dall-e-3]. Tried to access gpt-image-1");
  }
}
