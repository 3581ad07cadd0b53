package dev.imagegate.gateway.store;

import dev.imagegate.Cost;
import dev.imagegate.gateway.spend.Backoff;
import dev.imagegate.gateway.spend.SpendWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Fixtures of the store contract: a fresh database per test, wiring over it, and a way to cut it off. */
abstract class ContractBase {
  static final Cost DALL_E_3 = Cost.table(new BigDecimal("0.040"));
  static final StoreOptions OPTIONS = new StoreOptions(4, Duration.ofMillis(1000), Duration.ofMillis(200));
  static final SpendWriter.Settings SETTINGS = new SpendWriter.Settings(Duration.ofHours(1), 10_000, 50,
      new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)), false, 1);

  final TestClock clock = new TestClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final List<AutoCloseable> opened = new ArrayList<>();
  DatabaseUrl url;
  Wiring gateway;

  /** A database no other test uses. */
  abstract DatabaseUrl freshDatabase() throws Exception;

  /** Makes the database unusable for writes until the returned handle is closed. */
  abstract AutoCloseable outage() throws Exception;

  @BeforeEach
  void openFresh() throws Exception {
    url = freshDatabase();
    gateway = open();
  }

  Wiring open() {
    Wiring wiring = new Wiring(url, OPTIONS, clock, SETTINGS);
    opened.add(wiring);
    return wiring;
  }

  /** Closes the gateway (flushing its writer) and opens a new one on the same database. */
  Wiring restart() {
    gateway.close();
    gateway = open();
    return gateway;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing twice after a restart
      }
    }
    opened.clear();
  }
}
