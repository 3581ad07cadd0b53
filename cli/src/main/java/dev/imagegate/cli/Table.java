package dev.imagegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * A plain-text table: a header row, then one row per item, each column padded to its widest cell; what
 * {@code imagegate keys} and {@code imagegate spend} print unless {@code --json} is given. Missing values show as
 * {@code -}, arrays as comma-separated lists.
 */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  private Table(List<String> headers) {
    this.headers = headers;
  }

  static Table of(String... headers) {
    return new Table(List.of(headers));
  }

  /** One row whose cells are the fields {@code names} of {@code item}, in order. */
  Table row(JsonNode item, String... names) {
    List<String> cells = new ArrayList<>();
    for (String name : names) {
      cells.add(cell(item.path(name)));
    }
    rows.add(cells);
    return this;
  }

  /** A two-column table (field, value) of the fields {@code names} of one object. */
  static String fields(JsonNode item, String... names) {
    Table table = of("field", "value");
    for (String name : names) {
      table.rows.add(List.of(name, cell(item.path(name))));
    }
    return table.render();
  }

  String render() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length() + 2));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  static String cell(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "-";
    }
    if (value.isArray()) {
      String joined = String.join(",", StreamSupport.stream(value.spliterator(), false).map(Table::cell).toList());
      return joined.isEmpty() ? "-" : joined;
    }
    if (value.isNumber()) {
      return value.decimalValue().stripTrailingZeros().toPlainString();
    }
    return value.isContainerNode() ? value.toString() : value.asText();
  }
}
