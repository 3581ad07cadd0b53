package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.ImageRequest;
import dev.imagegate.ResponseFormat;
import dev.imagegate.error.BadRequest;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The end user is tracking information: sent as {@code user} where the model takes one, never a reason to refuse. */
class CapabilitiesEndUserTest {
  private static final Capabilities NO_USER = new Capabilities(1, 1, Allowed.ANY, Allowed.ANY, Allowed.ANY,
      EnumSet.of(ResponseFormat.B64_JSON), true, false, Set.of(), Set.of());

  @Test
  void theEndUserBecomesUserWhereTheModelTakesOne() {
    ImageRequest checked = Capabilities.permissive().check(ImageRequest.builder("x").endUser("u-1").build(), "m");
    assertThat(checked.user()).isEqualTo("u-1");
  }

  @Test
  void theEndUserIsLeftOutWhereTheModelTakesNone() {
    ImageRequest checked = NO_USER.check(ImageRequest.builder("x").endUser("u-1").build(), "m");
    assertThat(checked.user()).isNull();
    assertThat(checked.endUser()).isEqualTo("u-1");
  }

  @Test
  void anExplicitUserStaysStrictAndWinsOverTheEndUser() {
    assertThatThrownBy(() -> NO_USER.check(ImageRequest.builder("x").user("u-2").build(), "m"))
        .isInstanceOf(BadRequest.class).hasMessageContaining("user is not supported by m");
    ImageRequest checked = Capabilities.permissive().check(ImageRequest.builder("x").user("u-2").endUser("u-1")
        .build(), "m");
    assertThat(checked.user()).isEqualTo("u-2");
  }
}
