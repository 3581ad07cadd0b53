package dev.imagegate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void starsMatchAnyRunOfCharacters() {
    assertThat(new Glob("openai/gpt-image-2-*").matches("openai/gpt-image-2-2026-01-01")).isTrue();
    assertThat(new Glob("openai/gpt-image-2-*").matches("openai/gpt-image-2-")).isTrue();
    assertThat(new Glob("openai/gpt-image-2-*").matches("openai/gpt-image-2")).isFalse();
    assertThat(new Glob("vertex/gemini-*-image*").matches("vertex/gemini-2.5-flash-image-preview")).isTrue();
    assertThat(new Glob("vertex/gemini-*-image*").matches("vertex/gemini-image")).isFalse();
    assertThat(new Glob("openai/*").matches("openai/bench-small")).isTrue();
    assertThat(new Glob("openai/*").matches("azure/bench-small")).isFalse();
    assertThat(new Glob("a*b*b").matches("abba")).isFalse();
    assertThat(new Glob("a*b*b").matches("abbb")).isTrue();
    assertThat(new Glob("a*a").matches("a")).isFalse();
  }

  @Test
  void dotsAndOtherRegexCharactersAreLiteral() {
    assertThat(new Glob("x/v1.5*").matches("x/v1.5-hd")).isTrue();
    assertThat(new Glob("x/v1.5*").matches("x/v105-hd")).isFalse();
    assertThat(new Glob("x/[a]+\\E*").matches("x/[a]+\\E!")).isTrue();
  }

  @Test
  void agreesWithTheRegularExpressionItStandsFor() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      String pattern = word(random, "ab*", 6);
      String name = word(random, "ab", 7);
      assertThat(new Glob(pattern).matches(name)).as("%s ~ %s", pattern, name).isEqualTo(regex(pattern).matcher(name)
          .matches());
    }
  }

  private static String word(Random random, String letters, int maxLength) {
    StringBuilder word = new StringBuilder();
    for (int length = random.nextInt(maxLength + 1); length > 0; length--) {
      word.append(letters.charAt(random.nextInt(letters.length())));
    }
    return word.toString();
  }

  private static Pattern regex(String glob) {
    StringBuilder out = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      out.append(out.isEmpty() ? "" : ".*").append(Pattern.quote(part));
    }
    return Pattern.compile(out.toString());
  }
}
