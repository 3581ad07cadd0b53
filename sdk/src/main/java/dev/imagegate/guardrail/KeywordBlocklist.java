package dev.imagegate.guardrail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code guardrail: keyword_blocklist}: words or phrases ({@code keywords}, matched whole and case-insensitively) and
 * regular expressions ({@code patterns}, Java syntax) that block the prompt or are replaced by {@link #MASK}.
 * Findings count matches per kind ({@code keyword}, {@code pattern}); what matched is never reported.
 */
final class KeywordBlocklist implements Guardrail {
  static final String TYPE = "keyword_blocklist";
  static final String MASK = "[REDACTED]";

  private final List<Pattern> keywords;
  private final List<Pattern> patterns;
  private final boolean mask;

  KeywordBlocklist(List<String> keywords, List<Pattern> patterns, boolean mask) {
    this.keywords = keywords.stream().map(KeywordBlocklist::wholeWords).toList();
    this.patterns = List.copyOf(patterns);
    this.mask = mask;
  }

  private static Pattern wholeWords(String keyword) {
    return Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(keyword.trim()) + "(?![\\p{L}\\p{N}_])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  @Override
  public Verdict check(String prompt) {
    Map<String, Integer> findings = new LinkedHashMap<>();
    String masked = replace(prompt, keywords, "keyword", findings);
    masked = replace(masked, patterns, "pattern", findings);
    if (findings.isEmpty()) {
      return Verdict.pass();
    }
    if (mask) {
      return Verdict.mask(masked, findings);
    }
    return Verdict.block("it contains " + describe(findings) + " on the blocklist", findings);
  }

  private static String replace(String text, List<Pattern> list, String kind, Map<String, Integer> findings) {
    String out = text;
    for (Pattern pattern : list) {
      Matcher matcher = pattern.matcher(out);
      int count = 0;
      StringBuilder replaced = new StringBuilder();
      while (matcher.find()) {
        count++;
        matcher.appendReplacement(replaced, Matcher.quoteReplacement(MASK));
      }
      if (count > 0) {
        matcher.appendTail(replaced);
        out = replaced.toString();
        findings.merge(kind, count, Integer::sum);
      }
    }
    return out;
  }

  private static String describe(Map<String, Integer> findings) {
    int keywords = findings.getOrDefault("keyword", 0);
    int patterns = findings.getOrDefault("pattern", 0);
    if (keywords > 0 && patterns > 0) {
      return "words and patterns";
    }
    return keywords > 0 ? (keywords == 1 ? "a word" : "words") : (patterns == 1 ? "a pattern" : "patterns");
  }
}
