package dev.imagegate.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.guardrail.PiiDetector.Action;
import dev.imagegate.guardrail.PiiDetector.Entity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The built-in guardrails on their own: what each finds, blocks and masks, and that nothing found is quoted. */
class BuiltInGuardrailsTest {
  private static PiiDetector pii(Action action) {
    Map<Entity, Action> actions = new EnumMap<>(Entity.class);
    for (Entity entity : Entity.values()) {
      actions.put(entity, action);
    }
    return new PiiDetector(actions);
  }

  @Test
  void blocklistBlocksWholeWordsCaseInsensitivelyAndPatterns() {
    KeywordBlocklist blocklist = new KeywordBlocklist(List.of("Acme Corp", "gore"), List.of(Pattern.compile(
        "sk-[A-Za-z0-9]{8,}")), false);

    assertThat(blocklist.check("a lighthouse at dawn")).isEqualTo(Verdict.pass());
    assertThat(blocklist.check("gores and gorgeous hills")).isEqualTo(Verdict.pass());
    Verdict verdict = blocklist.check("a logo for ACME corp, key sk-abcdefgh123");
    assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, block -> {
      assertThat(block.findings()).containsExactlyInAnyOrderEntriesOf(Map.of("keyword", 1, "pattern", 1));
      assertThat(block.reason()).doesNotContain("ACME", "sk-abc").contains("blocklist");
    });
  }

  @Test
  void blocklistMasksEveryMatch() {
    KeywordBlocklist blocklist = new KeywordBlocklist(List.of("blood"), List.of(Pattern.compile("\\d{4}")), true);

    Verdict verdict = blocklist.check("Blood moon over blood river in 1999 and 2024");

    assertThat(verdict).isEqualTo(Verdict.mask("[REDACTED] moon over [REDACTED] river in [REDACTED] and "
        + "[REDACTED]", Map.of("keyword", 2, "pattern", 2)));
  }

  @Test
  void piiMasksEachEntityWithItsName() {
    String prompt = "mail jane.doe+x@example.co.uk or call +44 20 7946 0958 or (415) 555-2671, card "
        + "4111 1111 1111 1111, ssn 123-45-6789, from 192.168.10.200, iban DE89 3704 0044 0532 0130 00";

    Verdict verdict = pii(Action.MASK).check(prompt);

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Mask.class, mask -> {
      assertThat(mask.prompt()).isEqualTo("mail <EMAIL_ADDRESS> or call <PHONE_NUMBER> or <PHONE_NUMBER>, card "
          + "<CREDIT_CARD>, ssn <US_SSN>, from <IP_ADDRESS>, iban <IBAN_CODE>");
      assertThat(mask.findings()).containsExactlyInAnyOrderEntriesOf(Map.of("EMAIL_ADDRESS", 1, "PHONE_NUMBER", 2,
          "CREDIT_CARD", 1, "US_SSN", 1, "IP_ADDRESS", 1, "IBAN_CODE", 1));
    });
  }

  @Test
  void cardNumbersMustPassLuhnAndIbansTheirChecksum() {
    assertThat(PiiDetector.luhn("4111-1111-1111-1111")).isTrue();
    assertThat(PiiDetector.luhn("4111-1111-1111-1112")).isFalse();
    assertThat(PiiDetector.validIban("GB82 WEST 1234 5698 7654 32")).isTrue();
    assertThat(PiiDetector.validIban("GB82 WEST 1234 5698 7654 33")).isFalse();

    Verdict verdict = pii(Action.MASK).check("order 4111 1111 1111 1112 shipped in 2024-01-15");

    assertThat(verdict).isEqualTo(Verdict.pass());
  }

  @Test
  void piiBlocksWithoutQuotingWhatItFound() {
    Map<Entity, Action> actions = new EnumMap<>(Map.of(Entity.EMAIL_ADDRESS, Action.MASK,
        Entity.CREDIT_CARD, Action.BLOCK));

    Verdict verdict = new PiiDetector(actions).check("bill 5500 0000 0000 0004 and mail a@b.io");

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, block -> {
      assertThat(block.reason()).isEqualTo("it contains personal data (CREDIT_CARD)");
      assertThat(block.findings()).containsExactlyInAnyOrderEntriesOf(Map.of("EMAIL_ADDRESS", 1, "CREDIT_CARD", 1));
      assertThat(block.toString()).doesNotContain("5500", "a@b.io");
    });
  }

  @Test
  void onlyConfiguredEntitiesAreLookedFor() {
    Verdict verdict = new PiiDetector(Map.of(Entity.EMAIL_ADDRESS, Action.MASK)).check("a@b.io, 123-45-6789");

    assertThat(verdict).isEqualTo(Verdict.mask("<EMAIL_ADDRESS>, 123-45-6789", Map.of("EMAIL_ADDRESS", 1)));
  }

  @Test
  void promptLengthCountsCharactersNotBytes() {
    PromptLength limit = new PromptLength(5);

    assertThat(limit.check("ééééé")).isEqualTo(Verdict.pass());
    assertThat(limit.check("a cat!")).isEqualTo(Verdict.block("it is 6 characters long; the limit is 5",
        Map.of("over_limit_chars", 1)));
  }
}
