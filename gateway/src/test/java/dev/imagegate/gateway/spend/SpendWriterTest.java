package dev.imagegate.gateway.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.store.SpendEvent;
import dev.imagegate.gateway.store.SpendRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The spend writer against a fake database that can fail on demand. */
class SpendWriterTest {
  /** Stores batches; throws while {@code down}. */
  static final class FakeDatabase implements BatchWriter {
    final List<SpendEvent> rows = new ArrayList<>();
    volatile boolean down;
    int attempts;

    @Override
    public synchronized int write(List<SpendEvent> batch) {
      attempts++;
      if (down) {
        throw new IllegalStateException("connection refused");
      }
      rows.addAll(batch);
      return batch.size();
    }
  }

  final FakeDatabase database = new FakeDatabase();

  static SpendWriter.Settings settings(int capacity, boolean storePrompts) {
    return new SpendWriter.Settings(Duration.ofHours(1), capacity, 3,
        new Backoff(Duration.ofMillis(1), Duration.ofMillis(4)), storePrompts, 2);
  }

  static SpendRow row(String id) {
    Instant t = Instant.parse("2026-03-01T00:00:00Z");
    return SpendRow.builder(id, t, t, SpendRow.Status.SUCCESS).route("dall-e-3", null, null, 0, 0)
        .params(1, null, null).charge(1L, null, null, null).latencyMs(5).prompt("a prompt").build();
  }

  @Test
  void submitNeverWritesAndFlushWritesEverythingInBatches() {
    SpendWriter writer = new SpendWriter(database, settings(100, false));
    for (int i = 0; i < 7; i++) {
      assertThat(writer.submit(row("r" + i))).isTrue();
    }
    assertThat(database.rows).isEmpty();
    assertThat(writer.flush()).isEqualTo(new SpendWriter.FlushResult(7, 0, false));
    assertThat(database.attempts).isEqualTo(3);
    assertThat(database.rows).extracting(e -> ((SpendRow) e).requestId()).containsExactly("r0", "r1", "r2", "r3",
        "r4", "r5", "r6");
  }

  @Test
  void promptsAreDroppedUnlessStorePromptsIsOn() {
    SpendWriter dropping = new SpendWriter(database, settings(10, false));
    dropping.submit(row("a"));
    dropping.flush();
    SpendWriter keeping = new SpendWriter(database, settings(10, true));
    keeping.submit(row("b"));
    keeping.flush();
    assertThat(database.rows).extracting(e -> ((SpendRow) e).prompt()).containsExactly(null, "a prompt");
  }

  @Test
  void aFullQueueDropsCountsAndNeverBlocks() {
    SpendWriter writer = new SpendWriter(database, settings(2, false));
    assertThat(writer.submit(row("1"))).isTrue();
    assertThat(writer.submit(row("2"))).isTrue();
    assertThat(writer.submit(row("3"))).isFalse();
    assertThat(writer.submit(row("4"))).isFalse();
    assertThat(writer.overflowed()).isEqualTo(2);
    writer.flush();
    assertThat(database.rows).hasSize(2);
  }

  @Test
  void aFailedBatchIsKeptAndWrittenFirstWhenTheDatabaseComesBack() {
    SpendWriter writer = new SpendWriter(database, settings(100, false));
    for (int i = 0; i < 5; i++) {
      writer.submit(row("r" + i));
    }
    database.down = true;
    assertThat(writer.flush()).isEqualTo(new SpendWriter.FlushResult(0, 5, true));
    writer.submit(row("r5"));
    assertThat(writer.flush().failed()).isTrue();
    assertThat(writer.failedFlushes()).isEqualTo(2);
    database.down = false;
    assertThat(writer.flush()).isEqualTo(new SpendWriter.FlushResult(6, 0, false));
    assertThat(database.rows).extracting(e -> ((SpendRow) e).requestId()).containsExactly("r0", "r1", "r2", "r3",
        "r4", "r5");
  }

  @Test
  void closeFlushesWhatIsLeftAndLaterEventsAreCountedAsDropped() {
    SpendWriter writer = new SpendWriter(database, settings(100, false));
    writer.start();
    writer.submit(row("last"));
    writer.close();
    assertThat(database.rows).hasSize(1);
    assertThat(writer.submit(row("late"))).isFalse();
    assertThat(writer.overflowed()).isEqualTo(1);
  }

  @Test
  void theBackgroundFlusherWritesAFullBatchWithoutWaitingForTheInterval() throws Exception {
    CountDownLatch written = new CountDownLatch(3);
    BatchWriter counting = batch -> {
      batch.forEach(e -> written.countDown());
      return batch.size();
    };
    try (SpendWriter writer = new SpendWriter(counting, settings(100, false))) {
      writer.start();
      for (int i = 0; i < 3; i++) {
        writer.submit(row("r" + i));
      }
      assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void backoffDoublesUpToItsBound() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));
    assertThat(List.of(backoff.after(1), backoff.after(2), backoff.after(3), backoff.after(4), backoff.after(40)))
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(3));
  }
}
