package dev.imagegate.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallIdsTest {
  @Test
  void idsAreVersion7UuidsThatSortByTime() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    CallIds ids = new CallIds(clock);

    String first = ids.next();
    clock.advance(Duration.ofMillis(1));
    String second = ids.next();

    UUID parsed = UUID.fromString(first);
    assertThat(parsed.version()).isEqualTo(7);
    assertThat(parsed.variant()).isEqualTo(2);
    assertThat(parsed.getMostSignificantBits() >>> 16).isEqualTo(clock.instant().toEpochMilli() - 1);
    assertThat(first).isLessThan(second);
  }

  @Test
  void idsInTheSameMillisecondDiffer() {
    CallIds ids = new CallIds(new MutableClock(Instant.parse("2026-11-25T12:00:00Z")));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(ids.next());
    }
    assertThat(seen).hasSize(10_000);
  }
}
