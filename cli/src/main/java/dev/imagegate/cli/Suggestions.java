package dev.imagegate.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * "Did you mean" for misspelt options and subcommands: picocli's own suggestions, and where it has none (its
 * similarity measure misses short swaps such as {@code --prot}), the names at most two edits away.
 */
final class Suggestions {
  private Suggestions() {
  }

  static void print(CommandLine.ParameterException e, PrintWriter writer) {
    if (!(e instanceof UnmatchedArgumentException unmatched)) {
      return;
    }
    if (!unmatched.getSuggestions().isEmpty()) {
      UnmatchedArgumentException.printSuggestions(unmatched, writer);
      return;
    }
    List<String> near = near(unmatched);
    if (!near.isEmpty()) {
      writer.println("Did you mean: " + String.join(" or ", near) + "?");
    }
  }

  private static List<String> near(UnmatchedArgumentException unmatched) {
    if (unmatched.getUnmatched().isEmpty()) {
      return List.of();
    }
    String typed = unmatched.getUnmatched().get(0);
    String word = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
    CommandLine.Model.CommandSpec spec = unmatched.getCommandLine().getCommandSpec();
    Set<String> names = new TreeSet<>(word.startsWith("-") ? spec.optionsMap().keySet() : spec.subcommands().keySet());
    List<String> near = new ArrayList<>();
    for (String name : names) {
      if (distance(word, name) <= 2) {
        near.add(name);
      }
    }
    return near;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
          continue;
        }
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
