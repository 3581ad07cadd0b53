package dev.imagegate.gateway.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.SpendEvent;
import dev.imagegate.gateway.store.SpendRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spend journal against a fake database: durable before return, group commit, replay after a crash. */
class SpendJournalTest {
  @TempDir
  Path dir;

  final SpendWriterTest.FakeDatabase database = new SpendWriterTest.FakeDatabase();

  SpendWriter writer() {
    return new SpendWriter(database, SpendWriterTest.settings(1000, false));
  }

  List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".journal")).toList();
    }
  }

  /** A started journal whose commits gather for up to {@code gather} with {@code callsInFlight} calls in flight. */
  SpendJournal started(SpendWriter writer, Duration gather, int callsInFlight) throws IOException {
    SpendJournal journal = new SpendJournal(dir, "db1", true, writer, SpendJournal.CONCURRENT_SYNCS, gather);
    journal.gatherFrom(() -> callsInFlight);
    journal.start();
    return journal;
  }

  /** Submits {@code count} rows durably, each from a virtual thread of its own, and returns when all are answered. */
  static void submitAtOnce(SpendJournal journal, String idPrefix, int count) {
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        String id = idPrefix + i;
        threads.submit(() -> journal.submitDurably(SpendWriterTest.row(id)));
      }
    }
  }

  @Test
  void aDurableRowIsInTheFileWhenSubmitReturnsAndTheFileGoesOnceTheDatabaseHasIt() throws Exception {
    SpendWriter writer = writer();
    SpendJournal journal = new SpendJournal(dir, "db1", true, writer);
    journal.start();
    journal.submitDurably(SpendWriterTest.row("r1"));

    assertThat(segments()).hasSize(1);
    assertThat(Files.readString(segments().get(0))).contains("\"requestId\":\"r1\"").doesNotContain("a prompt");
    assertThat(journal.syncs()).isEqualTo(1);
    assertThat(database.rows).isEmpty();

    journal.close();
    writer.close();
    assertThat(database.rows).extracting(e -> ((SpendRow) e).requestId()).containsExactly("r1");
    assertThat(segments()).isEmpty();
  }

  @Test
  void concurrentRowsShareFsyncs() throws Exception {
    SpendWriter writer = writer();
    SpendJournal journal = new SpendJournal(dir, "db1", true, writer);
    journal.start();
    submitAtOnce(journal, "r", 400);
    assertThat(journal.journaled()).isEqualTo(400);
    assertThat(journal.syncs()).isBetween(1L, 399L);
    journal.close();
    writer.close();
    assertThat(database.rows).hasSize(400);
  }

  @Test
  void aCommitWaitsForTheRowsOfTheCallsInFlightAndSyncsThemOnce() throws Exception {
    SpendWriter writer = writer();
    // a gathering window far longer than the test: only the eight rows arriving can end the wait
    SpendJournal journal = started(writer, Duration.ofSeconds(30), 8);
    long start = System.nanoTime();
    submitAtOnce(journal, "g", 8);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(journal.journaled()).isEqualTo(8);
    assertThat(journal.syncs()).isEqualTo(1);
    journal.close();
    writer.close();
    assertThat(database.rows).hasSize(8);
  }

  @Test
  void aLoneCallDoesNotWaitAndACommitWaitsNoLongerThanItsWindowForRowsThatDoNotCome() throws Exception {
    SpendWriter writer = writer();
    SpendJournal lone = started(writer, Duration.ofSeconds(30), 1);
    long start = System.nanoTime();
    lone.submitDurably(SpendWriterTest.row("alone"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(lone.syncs()).isEqualTo(1);
    lone.close();

    // a hundred calls in flight (waiting on slow upstreams, say) but one row: it is committed when the window ends
    SpendJournal waiting = started(writer, Duration.ofMillis(50), 100);
    start = System.nanoTime();
    waiting.submitDurably(SpendWriterTest.row("among-many"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(waiting.syncs()).isEqualTo(1);
    assertThat(segments().stream().map(p -> {
      try {
        return Files.readString(p);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })).anyMatch(text -> text.contains("among-many"));
    waiting.close();
    writer.close();
    assertThat(database.rows).extracting(e -> ((SpendRow) e).requestId()).containsExactly("alone", "among-many");
  }

  @Test
  void writesAndSyncsRunOnTheJournalsOwnPlatformThreadsWhichEndAtClose() throws Exception {
    SpendWriter writer = writer();
    SpendJournal journal = new SpendJournal(dir, "db1", true, writer);
    // another call in flight: the row is handed to a syncer (a call alone commits on its own thread); without the
    // syncers it would wait out the durable wait and be answered unsynced
    journal.gatherFrom(() -> 2);
    journal.start();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      threads.submit(() -> journal.submitDurably(SpendWriterTest.row("v1"))).get();
    }
    List<Thread> syncers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("imagegate-spend-journal-db1-")).toList();
    assertThat(syncers).hasSize(SpendJournal.CONCURRENT_SYNCS).noneMatch(Thread::isVirtual).allMatch(Thread::isDaemon);
    assertThat(journal.syncs()).isEqualTo(1);

    journal.close();
    writer.close();
    assertThat(syncers).noneMatch(Thread::isAlive);
    assertThat(database.rows).hasSize(1);
  }

  @Test
  void aKilledGatewaysJournalIsReplayedSkippingATornLastLine() throws Exception {
    SpendWriter writer = writer();
    SpendJournal journal = new SpendJournal(dir, "db1", true, writer);
    journal.start();
    journal.submitDurably(SpendWriterTest.row("r1"));
    journal.submitDurably(SpendWriterTest.row("r2"));
    journal.submit(new SpendEvent.Undelivered("r2"));
    journal.close();
    // the process dies here: the writer never flushes and the segment stays (its lock goes with the process, so the
    // test moves the file away from this JVM's lock); a torn append ends the file
    Path segment = dir.resolve("spend-db1-999-1-0.journal");
    Files.copy(segments().get(0), segment);
    Files.delete(segments().stream().filter(p -> !p.equals(segment)).findFirst().orElseThrow());
    Files.writeString(segment, "{\"row\":{\"requestId\":\"r3\",\"sta", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Files.writeString(dir.resolve("spend-otherdb-1-1-0.journal"), new String(JournalCodec.encode(
        SpendWriterTest.row("foreign")), StandardCharsets.UTF_8));

    List<SpendEvent> replayed = new ArrayList<>();
    int count = SpendJournal.replay(dir, "db1", batch -> {
      replayed.addAll(batch);
      return batch.size();
    });

    assertThat(count).isEqualTo(3);
    assertThat(replayed).containsExactly(SpendWriterTest.row("r1").withoutPrompt(),
        SpendWriterTest.row("r2").withoutPrompt(), new SpendEvent.Undelivered("r2"));
    assertThat(segments()).extracting(p -> p.getFileName().toString()).containsExactly("spend-otherdb-1-1-0.journal");
  }

  @Test
  void aSegmentALiveJournalHoldsIsNotReplayed() throws Exception {
    SpendWriter writer = writer();
    SpendJournal journal = new SpendJournal(dir, "db1", true, writer);
    journal.start();
    journal.submitDurably(SpendWriterTest.row("r1"));

    assertThat(SpendJournal.replay(dir, "db1", batch -> batch.size())).isZero();
    journal.close();
    writer.close();
  }

  @Test
  void budgetResetsSkipTheJournalAndEveryFieldOfARowSurvivesTheRoundTrip() throws Exception {
    Instant t = Instant.parse("2026-12-07T10:15:30.123456Z");
    SpendRow full = SpendRow.builder("req-1", t, t.plusMillis(5), SpendRow.Status.SUCCESS).key("k1", "hash", "alias")
        .owners("u1", "t1", "end").route("group", "dep", "openai", 1, 1).params(2, "1024x1024", "hd")
        .charge(40_000_000L, 1L, 2L, 3L).latencyMs(5).errorType("none").prompt("a prompt").guardrails("[]").build();
    assertThat(JournalCodec.decode(new String(JournalCodec.encode(full), StandardCharsets.UTF_8).trim()))
        .isEqualTo(full);

    SpendWriter writer = writer();
    SpendJournal journal = new SpendJournal(dir, "db1", true, writer);
    journal.start();
    journal.submit(new SpendEvent.BudgetReset(BudgetScope.KEY, "k1", t, t.plusSeconds(60)));
    assertThat(journal.journaled()).isZero();
    assertThat(writer.pending()).isEqualTo(1);
    journal.close();
    writer.close();
  }

  @Test
  void aRowsContentFilterVerdictsSurviveTheJournalAndItsReplay() throws Exception {
    String verdicts = "{\"images\":[{\"content_filter_results\":{\"sexual\":{\"filtered\":false,"
        + "\"severity\":\"safe\"}}}]}";
    SpendRow row = SpendWriterTest.row("cf-1").toBuilder().contentFilter(verdicts).build();
    assertThat(((SpendRow) JournalCodec.decode(new String(JournalCodec.encode(row), StandardCharsets.UTF_8).trim()))
        .contentFilter()).isEqualTo(verdicts);

    SpendWriter writer = writer();
    SpendJournal journal = new SpendJournal(dir, "db1", true, writer);
    journal.start();
    journal.submitDurably(row);
    journal.close();
    // the process dies before the writer flushes (see the replay test above for the segment move)
    Path segment = dir.resolve("spend-db1-999-1-0.journal");
    Files.copy(segments().get(0), segment);
    Files.delete(segments().stream().filter(p -> !p.equals(segment)).findFirst().orElseThrow());

    List<SpendEvent> replayed = new ArrayList<>();
    SpendJournal.replay(dir, "db1", batch -> {
      replayed.addAll(batch);
      return batch.size();
    });
    assertThat(replayed).containsExactly(row.withoutPrompt());
    assertThat(((SpendRow) replayed.getFirst()).contentFilter()).isEqualTo(verdicts);
  }

  @Test
  void aLineWrittenBeforeContentFilterAndCallTypeWereJournaledStillReads() throws Exception {
    String before = "{\"row\":{\"requestId\":\"old-1\",\"startTime\":\"2026-03-01T00:00:00Z\","
        + "\"endTime\":\"2026-03-01T00:00:01Z\",\"keyId\":\"k1\",\"apiKey\":\"hash\",\"keyAlias\":null,"
        + "\"userId\":null,\"teamId\":null,\"endUser\":null,\"modelGroup\":\"dall-e-3\",\"deploymentId\":\"d1\","
        + "\"provider\":\"azure\",\"n\":1,\"size\":\"1024x1024\",\"quality\":null,\"costNanos\":40000000,"
        + "\"inputTokens\":null,\"outputTokens\":null,\"totalTokens\":null,\"latencyMs\":900,"
        + "\"status\":\"SUCCESS\",\"errorType\":null,\"retries\":0,\"fallbacks\":0,\"prompt\":null,"
        + "\"guardrails\":null},\"undelivered\":null}";

    SpendRow row = (SpendRow) JournalCodec.decode(before);

    assertThat(row.contentFilter()).isNull();
    assertThat(row.callType()).isEqualTo(SpendRow.GENERATION);
    assertThat(row).isEqualTo(SpendRow.builder("old-1", Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-03-01T00:00:01Z"), SpendRow.Status.SUCCESS).key("k1", "hash", null)
        .route("dall-e-3", "d1", "azure", 0, 0).params(1, "1024x1024", null).charge(40_000_000L, null, null, null)
        .latencyMs(900).build());
  }

}
