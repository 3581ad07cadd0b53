package dev.imagegate.gateway.observe;

import dev.imagegate.provider.Json;
import java.io.PrintStream;
import java.util.List;

/** {@code json_logs}: each event as one line of JSON on standard output, for log collectors. */
final class JsonLogs implements Callback {
  static final String TYPE = "json_logs";

  private final PrintStream out;

  JsonLogs(PrintStream out) {
    this.out = out;
  }

  @Override
  public void handle(List<CallEvent> events) {
    StringBuilder lines = new StringBuilder();
    for (CallEvent event : events) {
      lines.append(Json.writeString(event.toMap())).append('\n');
    }
    out.print(lines);
    out.flush();
  }
}
