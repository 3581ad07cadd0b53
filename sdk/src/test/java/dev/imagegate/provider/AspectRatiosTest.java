package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.Size;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AspectRatiosTest {
  private static final List<String> IMAGEN = List.of("1:1", "3:4", "4:3", "9:16", "16:9");

  @ParameterizedTest
  @CsvSource({
      "1024x1024, 1:1",
      "1792x1024, 16:9",
      "1536x1024, 4:3",
      "1024x1792, 9:16",
      "1024x1536, 3:4",
      "16:9, 16:9",
      "2:1, 16:9",
      "1:3, 9:16",
      "1100x1000, 1:1"})
  void picksTheNearestSupportedRatio(String size, String expected) {
    assertThat(AspectRatios.nearest(Size.parse(size), IMAGEN)).isEqualTo(expected);
  }

  @Test
  void threeToTwoWinsWhenOffered() {
    assertThat(AspectRatios.nearest(Size.parse("1536x1024"), List.of("1:1", "3:2", "16:9"))).isEqualTo("3:2");
  }

  @Test
  void autoAndNullLeaveTheProviderDefault() {
    assertThat(AspectRatios.nearest(Size.AUTO, IMAGEN)).isNull();
    assertThat(AspectRatios.nearest(null, IMAGEN)).isNull();
  }
}
