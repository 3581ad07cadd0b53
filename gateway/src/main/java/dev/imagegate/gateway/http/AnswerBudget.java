package dev.imagegate.gateway.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bound on the bytes of large upstream answers the gateway holds in its heap at once. An answer over
 * {@link #THRESHOLD} takes its size from the budget when its headers arrive; when the budget is spent, the transport
 * stops reading it (the socket's buffers and TCP hold the rest at the provider) until other answers give theirs
 * back. Over HTTP/2 the same holds one stream at a time: each answer starts with a small receive window, grown only
 * once it has room ({@link Http2Windows}), so a held answer keeps 1 KB of its connection's window and the other calls
 * on that connection go on. An answer keeps its bytes until the client exchange that asked for it ends
 * ({@link #open}: the images endpoint opens a scope per call, since the answer stays in memory until it is passed on);
 * outside a scope, until the transport returns it. A scope that already holds an answer never waits for another (an
 * image download after its answer, a retry), so calls cannot wait on each other in a circle. Without it, a gateway
 * starved of CPU read answers faster than it passed them on, and ran out of heap (the 10,000-call hold test).
 * Streamed answers ({@code stream: true}) over HTTP/1.1 take room per image held whole: before the reader gathers
 * an image it waits for room for one ({@link #awaitRoom}, through {@code HttpTransport.Holding}), and a partial image
 * held whole gives it back once passed on ({@link #releaseHeld}); partial images relayed piecewise take none.
 * Thread-safe.
 */
public final class AnswerBudget {
  /** Answers at most this large are read at once, outside the budget: the budget is for image-sized answers. */
  public static final long THRESHOLD = 256 * 1024;
  /** What an answer of unknown length (chunked) takes: about one large image answer. */
  static final long UNKNOWN_LENGTH = 2L * 1024 * 1024;

  private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

  private final long capacity;
  private long available;
  private final ArrayDeque<Grant> waiting = new ArrayDeque<>();

  /** A budget of {@code capacity} bytes; at least {@link #UNKNOWN_LENGTH}. */
  public AnswerBudget(long capacity) {
    this.capacity = Math.max(capacity, UNKNOWN_LENGTH);
    this.available = this.capacity;
  }

  /** A quarter of the heap this JVM may grow to, at least 64 MB: the default when the config names no size. */
  public static long defaultCapacity() {
    return Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);
  }

  public long capacity() {
    return capacity;
  }

  /** The bytes not taken now (for tests and metrics). */
  public synchronized long available() {
    return available;
  }

  /** The answers waiting for room now. */
  public synchronized int waiting() {
    return waiting.size();
  }

  /**
   * Opens a scope on this thread: large answers the transport reads for it keep their room in their budget until the
   * scope is closed. Close it in a {@code finally} (try-with-resources).
   */
  public static Scope open() {
    Scope scope = new Scope();
    CURRENT.set(scope);
    return scope;
  }

  /** This thread's open scope, or null. */
  static Scope current() {
    return CURRENT.get();
  }

  /**
   * Gives back the room this thread's scope holds, keeping the scope open: a streamed answer calls it once an event
   * is passed on, so a stream holds room only while it holds an event.
   */
  public static void releaseHeld() {
    Scope scope = CURRENT.get();
    if (scope != null) {
      scope.releaseHeld();
    }
  }

  /**
   * Makes the calling thread (the reader of a streamed answer, inside {@code scope}) wait until the budget has room
   * for one image of {@link #UNKNOWN_LENGTH} bytes, unless its scope already holds room. Called before the reader
   * gathers an image whole, so a stream that relays its partial images holds no room until its completed one.
   *
   * @throws java.net.http.HttpTimeoutException when no room was made within {@code timeout}
   */
  void awaitRoom(Scope scope, java.time.Duration timeout) throws java.io.IOException, InterruptedException {
    if (scope.holdsAny()) {
      return;
    }
    Grant grant = request(UNKNOWN_LENGTH, scope);
    if (grant.granted()) {
      return;
    }
    java.util.concurrent.CountDownLatch made = new java.util.concurrent.CountDownLatch(1);
    grant.whenGranted(made::countDown);
    boolean granted;
    try {
      granted = made.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      grant.release();
      throw e;
    }
    if (!granted) {
      grant.release();
      throw new java.net.http.HttpTimeoutException("no room to read the streamed answer within "
          + timeout.toSeconds() + " s (upstream_buffer_mb is held by other calls)");
    }
  }

  /**
   * Asks for room for an answer of {@code bytes} (negative: unknown length), for {@code scope} (null: none). The
   * grant is immediate when there is room and nobody waits before it, or when the scope already holds an answer.
   */
  Grant request(long bytes, Scope scope) {
    long size = Math.min(bytes < 0 ? UNKNOWN_LENGTH : bytes, capacity);
    Grant grant = new Grant(size, scope);
    boolean now;
    synchronized (this) {
      now = scope != null && scope.holdsAny() || waiting.isEmpty() && available >= size;
      if (now) {
        available -= size;
        grant.granted = true;
      } else {
        waiting.add(grant);
      }
    }
    if (now && scope != null && !scope.add(grant)) {
      grant.release();
    }
    return grant;
  }

  private void wake() {
    List<Grant> granted = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty() && waiting.peek().bytes <= available) {
        Grant next = waiting.poll();
        available -= next.bytes;
        next.granted = true;
        granted.add(next);
      }
    }
    for (Grant grant : granted) {
      if (grant.scope != null && !grant.scope.add(grant)) {
        grant.release();
        continue;
      }
      Runnable then;
      synchronized (this) {
        then = grant.then;
        grant.then = null;
      }
      if (then != null) {
        then.run();
      }
    }
  }

  /** Room asked for one answer: granted now or later, and given back once. */
  final class Grant {
    final long bytes;
    final Scope scope;
    private boolean granted;
    private boolean released;
    private Runnable then;

    private Grant(long bytes, Scope scope) {
      this.bytes = bytes;
      this.scope = scope;
    }

    boolean granted() {
      synchronized (AnswerBudget.this) {
        return granted;
      }
    }

    /** Runs {@code action} once the grant is made: now if it is, else on the thread that makes room. */
    void whenGranted(Runnable action) {
      boolean now;
      synchronized (AnswerBudget.this) {
        now = granted;
        if (!now) {
          then = action;
        }
      }
      if (now) {
        action.run();
      }
    }

    /** Gives the room back (or stops waiting for it); once. */
    void release() {
      synchronized (AnswerBudget.this) {
        if (released) {
          return;
        }
        released = true;
        then = null;
        if (granted) {
          available += bytes;
        } else {
          waiting.remove(this);
        }
      }
      wake();
    }
  }

  /** The answers one client exchange holds; closing it gives their room back. */
  public static final class Scope implements AutoCloseable {
    private final List<Grant> held = new ArrayList<>();
    private boolean closed;

    synchronized boolean holdsAny() {
      return !held.isEmpty();
    }

    /** Gives back the room held so far; the scope stays open. */
    void releaseHeld() {
      List<Grant> grants;
      synchronized (this) {
        grants = List.copyOf(held);
        held.clear();
      }
      grants.forEach(Grant::release);
    }

    /** Keeps {@code grant} until close; false when already closed (the caller gives it back). */
    private synchronized boolean add(Grant grant) {
      if (closed) {
        return false;
      }
      held.add(grant);
      return true;
    }

    @Override
    public void close() {
      if (CURRENT.get() == this) {
        CURRENT.remove();
      }
      List<Grant> grants;
      synchronized (this) {
        closed = true;
        grants = List.copyOf(held);
        held.clear();
      }
      grants.forEach(Grant::release);
    }
  }
}
