package dev.imagegate.guardrail;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code guardrail: pii}: finds personal data in the prompt with patterns and checksums (card numbers must pass the
 * Luhn check, IBANs the mod-97 check) and, per entity, masks it as {@code <ENTITY>} or blocks the prompt. Entity
 * names follow Presidio's (as LiteLLM's {@code pii_entities_config} does).
 */
final class PiiDetector implements Guardrail {
  static final String TYPE = "pii";

  /** What is detected, in the order detection runs (earlier entities are masked before later ones look). */
  enum Entity {
    EMAIL_ADDRESS("(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])",
        text -> true),
    IBAN_CODE("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])", PiiDetector::validIban),
    CREDIT_CARD("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)", PiiDetector::luhn),
    US_SSN("(?<!\\d)(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?!\\d)", text -> true),
    IP_ADDRESS("(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
        + "(?!\\.?\\d)", text -> true),
    PHONE_NUMBER("(?<![\\w+])(?:\\+\\d{1,3}[\\s.-]?(?:\\(\\d{1,4}\\)[\\s.-]?)?\\d{1,4}(?:[\\s.-]?\\d{2,4}){1,4}"
        + "|(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4})(?!\\d)",
        text -> digits(text).length() >= 7 && digits(text).length() <= 15);

    private final Pattern pattern;
    private final Predicate<String> valid;

    Entity(String regex, Predicate<String> valid) {
      this.pattern = Pattern.compile(regex);
      this.valid = valid;
    }
  }

  /** What to do when an entity is found. */
  enum Action { MASK, BLOCK }

  private final Map<Entity, Action> actions;

  /** @param actions the entities to look for and what to do with each */
  PiiDetector(Map<Entity, Action> actions) {
    this.actions = new EnumMap<>(actions);
  }

  @Override
  public Verdict check(String prompt) {
    Map<String, Integer> findings = new LinkedHashMap<>();
    List<String> blocking = new ArrayList<>();
    String masked = prompt;
    for (Map.Entry<Entity, Action> entry : actions.entrySet()) {
      Entity entity = entry.getKey();
      Matcher matcher = entity.pattern.matcher(masked);
      StringBuilder out = new StringBuilder();
      int count = 0;
      while (matcher.find()) {
        if (entity.valid.test(matcher.group())) {
          count++;
          matcher.appendReplacement(out, Matcher.quoteReplacement("<" + entity.name() + ">"));
        }
      }
      if (count > 0) {
        matcher.appendTail(out);
        masked = out.toString();
        findings.put(entity.name(), count);
        if (entry.getValue() == Action.BLOCK) {
          blocking.add(entity.name());
        }
      }
    }
    if (findings.isEmpty()) {
      return Verdict.pass();
    }
    if (!blocking.isEmpty()) {
      return Verdict.block("it contains personal data (" + String.join(", ", blocking) + ")", findings);
    }
    return Verdict.mask(masked, findings);
  }

  /** The Luhn checksum over the digits of {@code text} (13 to 19 of them), as card numbers carry. */
  static boolean luhn(String text) {
    String digits = digits(text);
    if (digits.length() < 13 || digits.length() > 19) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }

  /** ISO 13616: letters to numbers, the first four characters moved to the end, remainder mod 97 is 1. */
  static boolean validIban(String text) {
    String compact = text.replace(" ", "");
    if (compact.length() < 15 || compact.length() > 34) {
      return false;
    }
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    int remainder = 0;
    for (char c : rearranged.toCharArray()) {
      int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
      remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
    }
    return remainder == 1;
  }

  private static String digits(String text) {
    return text.replaceAll("\\D", "");
  }
}
