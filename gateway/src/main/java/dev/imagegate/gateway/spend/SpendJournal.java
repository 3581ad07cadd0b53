package dev.imagegate.gateway.spend;

import dev.imagegate.gateway.store.SpendEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The spend journal: the local file a spend row reaches before its paid answer is sent, so a gateway killed at any
 * moment loses no row of an answer a client received. Group commit: a syncer (one of a few platform threads of the
 * journal's own) appends every event waiting, forces the file to disk once ({@code fdatasync}) and then wakes the
 * callers it made durable, so one fsync carries as many rows as arrived while the previous one ran (and, with other
 * calls in flight, up to {@link #GATHER} more). Journaled events then go to the {@link SpendWriter}, which writes them to the
 * database in batches as before; a segment file is deleted once every event in it is committed there.
 *
 * <p>Segments are named {@code spend-<database>-<pid>-<n>.journal} and locked by the process writing them. At start-up
 * {@link #replay} writes every unlocked segment of the same database into it and deletes it: rows are keyed by request
 * id and a stored row is skipped with its totals, so replaying a segment whose rows were partly or wholly committed
 * adds nothing twice. A torn last line (the process died mid-append) is skipped: its caller was never answered.
 *
 * <p>With {@code fsync} off the file is written but not forced: that survives the process being killed (the kernel
 * holds the data) but not the machine losing power. When the journal cannot be written (disk full, I/O error) the
 * event goes to the database writer directly and the failure is counted and logged once. Thread-safe.
 */
public final class SpendJournal implements SpendSink, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SpendJournal.class.getName());
  /** A segment is closed after this many events; it is deleted once they are all in the database. */
  static final int SEGMENT_EVENTS = 50_000;
  /** How long a paid answer waits for its row to be journaled before it is sent anyway (logged). */
  private static final Duration DURABLE_WAIT = Duration.ofSeconds(10);

  /**
   * Group commits whose {@code fsync}s may run at once. A second sync that starts while one is running makes a row wait
   * about one sync instead of one and a half (the rest of the running one, then its own); and on disks that take
   * several milliseconds for a lone flush but serve a queue of them quickly (the virtual disks of cloud machines), it
   * is what keeps the durable write from costing throughput.
   */
  static final int CONCURRENT_SYNCS = 4;

  /**
   * The longest a commit waits for the rows of other calls in flight before it writes and syncs (PostgreSQL's
   * {@code commit_delay}, with the calls in flight as its {@code commit_siblings}). An {@code fdatasync} costs CPU as
   * well as time, so under load one sync of many rows beats many syncs of two or three; a commit with no other call
   * in flight, or once every call in flight has its row waiting, does not wait at all.
   */
  static final Duration GATHER = Duration.ofMillis(1);

  /**
   * An event waiting to be journaled; its fields are read and written under the journal's lock. Its caller waits on
   * its own condition, so a commit wakes only the callers it made durable (and one caller to lead the next commit).
   */
  private static final class Pending {
    final SpendEvent event;
    final byte[] line;
    final Condition wake;
    /** The journal's write sequence after this event's line was written, or 0 before. */
    long sequence;
    /** Answered without a durable line (the journal could not be written). */
    boolean given;

    Pending(SpendEvent event, byte[] line, Condition wake) {
      this.event = event;
      this.line = line;
      this.wake = wake;
    }

    boolean settled(long durable) {
      return given || sequence != 0 && sequence <= durable;
    }
  }

  private final Path dir;
  private final String prefix;
  private final String database;
  private final boolean fsync;
  private final SpendWriter writer;
  private final int concurrentSyncs;
  private final long gatherNanos;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a commit ends (for {@link #close}). */
  private final Condition committed = lock.newCondition();
  /** Signalled when an event joins {@link #pending} while a commit is gathering. */
  private final Condition joined = lock.newCondition();
  /** Signalled when a syncer may have a commit to lead (an event came, a commit ended, the journal closes). */
  private final Condition work = lock.newCondition();
  /** The platform threads that write and sync (at most {@link #concurrentSyncs} commits at once, one each). */
  private final List<Thread> syncers = new ArrayList<>();
  /** The syncers commit what is waiting and end. */
  private boolean stopping;
  /** Calls in flight in this process (each may bring a row soon); none known until {@link #gatherFrom} is called. */
  private volatile IntSupplier callsInFlight = () -> 0;
  /** A commit is waiting for the rows of calls in flight; arrivals join it instead of leading their own. */
  private boolean gathering;
  /** Events not written yet, in arrival order. */
  private List<Pending> pending = new ArrayList<>();
  /** Events written but not yet synced, in write order. */
  private final ArrayDeque<Pending> unsynced = new ArrayDeque<>();
  /** Group commits between taking their batch and the end of their sync. */
  private int committing;
  /** Events written to the file so far (the sequence of the last one written). */
  private long written;
  /** Every event up to this sequence is on disk (or, with {@code fsync} off, in the file). */
  private long durable;
  private boolean closed;
  private final AtomicLong syncs = new AtomicLong();
  private final AtomicLong journaled = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private long segmentNumber;
  private volatile JournalSegment active;

  /**
   * @param database a short stable name of the database (segments of another database in the same folder are
   *     never replayed into this one)
   */
  public SpendJournal(Path dir, String database, boolean fsync, SpendWriter writer) {
    this(dir, database, fsync, writer, CONCURRENT_SYNCS, GATHER);
  }

  /**
   * @param concurrentSyncs group commits that may sync at once (1: one after another)
   * @param gather the longest a commit waits for the rows of other calls in flight (zero: never)
   */
  SpendJournal(Path dir, String database, boolean fsync, SpendWriter writer, int concurrentSyncs, Duration gather) {
    this.dir = dir;
    this.prefix = "spend-" + database + "-";
    this.database = database;
    this.fsync = fsync;
    this.writer = writer;
    this.concurrentSyncs = concurrentSyncs;
    this.gatherNanos = gather.toNanos();
  }

  /**
   * Tells the journal how many calls are in flight in this process (the gateway's in-flight gauge), so a commit can
   * wait up to {@link #GATHER} for their rows. Must be cheap and thread-safe.
   */
  public void gatherFrom(IntSupplier callsInFlight) {
    this.callsInFlight = callsInFlight;
  }

  /**
   * A journal that journals nothing ({@code spend_journal: false}): every event goes to {@code writer} at once and an
   * answer never waits for its row to be on disk.
   */
  public static SpendJournal off(SpendWriter writer) {
    return new SpendJournal(null, "off", false, writer);
  }

  /**
   * Writes every segment of {@code database} in {@code dir} that no live process holds into {@code table}, in batches,
   * and deletes it; returns the number of events replayed (see {@link JournalReplay}).
   *
   * @throws RuntimeException when the database refuses a batch (the segment is kept for the next start)
   */
  public static int replay(Path dir, String database, BatchWriter table) throws IOException {
    return JournalReplay.replay(dir, database, table);
  }

  /** Opens the first segment; events submitted before this go to the database writer directly. */
  public void start() throws IOException {
    Files.createDirectories(dir);
    JournalSegment first = openSegment();
    lock.lock();
    try {
      active = first;
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < concurrentSyncs; i++) {
      syncers.add(Thread.ofPlatform().daemon().name("imagegate-spend-journal-" + database + "-" + i).start(this::syncLoop));
    }
  }

  /** Journals {@code event} like {@link #submitDurably}; budget resets go to the writer without the journal. */
  @Override
  public boolean submit(SpendEvent event) {
    submitDurably(event);
    return true;
  }

  /**
   * Journals {@code event} and returns once it is in the file (and forced to disk with {@code fsync} on): the line is
   * encoded on the caller's thread, then a syncer writes it with every line waiting and forces the file, and the
   * caller waits until a sync that started after its line was written has ended. A call alone in the gateway (no
   * other in flight, no commit running) commits on its own thread instead. The writes and syncs run on platform
   * threads of their own: a blocking {@code fdatasync} on a virtual thread pins its carrier and makes the scheduler
   * wake a spare one, which cost more CPU than the sync itself (measured: 68 us per call at 12 rows per sync, against
   * about 50 us of CPU per sync in a plain loop). A wait longer than {@link #DURABLE_WAIT} is logged and given up (the
   * event is still committed later).
   */
  @Override
  public void submitDurably(SpendEvent event) {
    if (event instanceof SpendEvent.BudgetReset) {
      writer.submit(event);
      return;
    }
    byte[] line;
    try {
      line = JournalCodec.encode(writer.stored(event));
    } catch (RuntimeException e) {
      failed(active, e);
      writer.submit(event);
      return;
    }
    long deadline = System.nanoTime() + DURABLE_WAIT.toNanos();
    lock.lock();
    try {
      if (closed || active == null) {
        writer.submit(event);
        return;
      }
      Pending mine = new Pending(event, line, lock.newCondition());
      pending.add(mine);
      if (gathering) {
        joined.signal();
      } else if (committing == 0 && pending.size() == 1 && callsInFlight.getAsInt() <= 1) {
        // alone: commits on its own thread, saving the hand-off's wake-ups (a lone call's latency; without load
        // the carrier it pins costs little)
        lead();
      } else {
        work.signal();
      }
      while (!mine.settled(durable)) {
        if (!await(mine.wake, deadline)) {
          if (mine.sequence == 0) {
            pending.remove(mine);
            writer.submit(event);
          }
          LOG.log(Level.WARNING, "a spend row was not journaled within " + DURABLE_WAIT.toSeconds()
              + " s; answering anyway (the row stays queued)");
          return;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A syncer: leads a commit whenever lines wait, no other commit is gathering and fewer than
   * {@link #concurrentSyncs} are syncing; at {@link #close} it commits what is left and ends.
   */
  private void syncLoop() {
    lock.lock();
    try {
      while (true) {
        while (!canLead() && !(stopping && pending.isEmpty())) {
          work.awaitUninterruptibly();
        }
        if (pending.isEmpty()) {
          return;
        }
        try {
          gather();
          if (!pending.isEmpty()) {
            lead();
          }
        } catch (RuntimeException e) {
          // a syncer never dies of one bad commit: the callers of the next would wait out DURABLE_WAIT
          failed(active, e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean canLead() {
    return !pending.isEmpty() && !gathering && committing < concurrentSyncs;
  }

  /**
   * With the lock held, before a commit takes its batch: while other calls are in flight whose rows are not waiting
   * yet, waits for them up to {@link #GATHER} (each arrival wakes it to count again). Rows of calls already being
   * synced do not count: those calls will not bring another row before their sync ends.
   */
  private void gather() {
    if (gatherNanos <= 0 || !fsync || stopping) {
      return;
    }
    long deadline = System.nanoTime() + gatherNanos;
    gathering = true;
    try {
      while (pending.size() < callsInFlight.getAsInt() - unsynced.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        joined.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      gathering = false;
    }
  }

  /**
   * With the lock held: writes every line waiting, then forces the file with the lock released, and hands the events
   * to the database writer. Writing under the lock keeps the file's lines whole and in order; a sync covers every line
   * written before it started, whoever wrote it.
   */
  private void lead() {
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    JournalSegment segment = active;
    if (!append(segment, batch)) {
      batch.forEach(p -> {
        p.given = true;
        p.wake.signal();
      });
      lock.unlock();
      try {
        batch.forEach(p -> writer.submit(p.event));
      } finally {
        lock.lock();
      }
      return;
    }
    long covers = written;
    unsynced.addAll(batch);
    committing++;
    lock.unlock();
    try {
      sync(segment);
      batch.forEach(p -> writer.submit(p.event, segment::release));
    } finally {
      lock.lock();
      committing--;
      durable = Math.max(durable, covers);
      while (!unsynced.isEmpty() && unsynced.peekFirst().sequence <= durable) {
        unsynced.pollFirst().wake.signal();
      }
      if (stopping) {
        work.signalAll();
      } else if (!pending.isEmpty()) {
        work.signal();
      }
      committed.signalAll();
    }
  }

  private static boolean await(Condition wake, long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    try {
      wake.awaitNanos(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  /**
   * With the lock held: appends the batch's lines and numbers them; the segment holds each event until the database
   * has it. Rotates first when the segment is full (forcing the old one, so a sync of the new segment covers every
   * line written before it).
   */
  private boolean append(JournalSegment segment, List<Pending> batch) {
    try {
      int size = 0;
      for (Pending p : batch) {
        size += p.line.length;
      }
      ByteBuffer buffer = ByteBuffer.allocate(size);
      batch.forEach(p -> buffer.put(p.line));
      buffer.flip();
      while (buffer.hasRemaining()) {
        segment.channel().write(buffer);
      }
      segment.appended(batch.size());
      for (Pending p : batch) {
        segment.hold();
        p.sequence = ++written;
      }
      journaled.addAndGet(batch.size());
      if (!fsync) {
        durable = written;
      }
      if (segment.events() >= SEGMENT_EVENTS) {
        rotate();
      }
      return true;
    } catch (IOException | RuntimeException e) {
      failed(segment, e);
      return false;
    }
  }

  /** Forces {@code segment} to disk (with {@code fsync} on). A failed sync is counted and logged once. */
  private void sync(JournalSegment segment) {
    if (!fsync) {
      return;
    }
    try {
      segment.channel().force(false);
      syncs.incrementAndGet();
    } catch (ClosedChannelException e) {
      // rotated away (and forced then), and every row of it is in the database since: nothing left to sync
    } catch (IOException | RuntimeException e) {
      failed(segment, e);
    }
  }

  private void failed(JournalSegment segment, Exception e) {
    if (failures.incrementAndGet() == 1) {
      LOG.log(Level.WARNING, "spend journal " + (segment == null ? dir : segment.path()) + " cannot be written ("
          + e.getMessage() + "): rows go to the database writer only until it can");
    }
  }

  private void rotate() {
    try {
      JournalSegment next = openSegment();
      JournalSegment old = active;
      if (fsync) {
        old.channel().force(false);
        syncs.incrementAndGet();
        durable = written;
      }
      active = next;
      old.retire();
    } catch (IOException e) {
      if (failures.incrementAndGet() == 1) {
        LOG.log(Level.WARNING, "spend journal cannot open a new segment in " + dir + ": " + e.getMessage());
      }
    }
  }

  private JournalSegment openSegment() throws IOException {
    Path path = dir.resolve(prefix + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + "-"
        + (segmentNumber++) + ".journal");
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    FileLock lock = channel.lock();
    return new JournalSegment(path, channel, lock);
  }

  /**
   * Stops accepting events and journals those waiting. Call before closing the {@link SpendWriter}: its final flush
   * then commits them and deletes the segments; a segment whose events could not be committed stays for the next
   * start.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      stopping = true;
      work.signalAll();
      joined.signalAll();
    } finally {
      lock.unlock();
    }
    for (Thread syncer : syncers) {
      boolean interrupted = false;
      while (syncer.isAlive()) {
        try {
          syncer.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      while (committing > 0) {
        committed.awaitUninterruptibly();
      }
      if (active != null) {
        active.retire();
      }
    } finally {
      lock.unlock();
    }
  }

  /** fsyncs since start (group commits with {@code fsync} on). */
  public long syncs() {
    return syncs.get();
  }

  /** Events journaled since start. */
  public long journaled() {
    return journaled.get();
  }

  /** Failed appends since start (their events went to the database writer only). */
  public long failures() {
    return failures.get();
  }
}
