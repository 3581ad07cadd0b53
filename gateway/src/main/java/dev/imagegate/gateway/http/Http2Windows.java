package dev.imagegate.gateway.http;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.transport.HttpExchange;
import org.eclipse.jetty.client.transport.HttpReceiver;
import org.eclipse.jetty.http2.AbstractFlowControlStrategy;
import org.eclipse.jetty.http2.HTTP2Stream;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.WindowUpdateFrame;

/**
 * HTTP/2 receive windows that let the gateway leave an answer at the provider until it has room for it, without
 * stalling the other calls on the connection. Every stream starts with a small window ({@link #HELD_WINDOW}): a
 * provider sends that much of an answer and waits. Once the caller opens the stream's {@link Gate} (at once for most
 * answers; for a large answer when the {@link AnswerBudget} grants it room), the stream's window grows to
 * {@link #OPEN_WINDOW} in one WINDOW_UPDATE and is kept there as the answer is read, so an open answer comes at full
 * speed after one round trip. A held stream keeps at most its small window of the connection's window, and the
 * connection's window ({@link #SESSION_WINDOW}) is refilled as data is read, so thousands of held answers on one
 * connection leave room for the rest. (With Jetty's default windows a held answer kept 8 MB of a 16 MB connection
 * window: two held answers stalled every call on their connection.) One per HTTP/2 connection.
 */
final class Http2Windows extends AbstractFlowControlStrategy {
  /**
   * What a provider may send of an answer the gateway has not opened: enough for a small answer whole (an error, a
   * URL answer); little enough that thousands of held answers, whose first bytes the gateway keeps, cost megabytes.
   */
  static final int HELD_WINDOW = 1024;
  /** An open answer's window: a whole image answer in one round trip. */
  static final int OPEN_WINDOW = 8 * 1024 * 1024;
  /** A connection's window: room for 4,096 held answers, refilled when half of it is read. */
  static final int SESSION_WINDOW = 64 * 1024 * 1024;
  /** The request attribute that carries a request's {@link Gate}. */
  static final String GATE = Http2Windows.class.getName() + ".gate";

  private static final System.Logger LOG = System.getLogger(Http2Windows.class.getName());
  /** {@code HttpReceiver.getHttpExchange()}: from a stream to its request's attributes; null when not accessible. */
  private static final MethodHandle EXCHANGE = exchangeHandle();

  private final Map<Stream, Window> windows = new ConcurrentHashMap<>();
  private final AtomicInteger sessionConsumed = new AtomicInteger();

  Http2Windows() {
    super(DEFAULT_WINDOW_SIZE);
  }

  /** Whether HTTP/2 answers can be held at the provider here (false: Jetty's internals were not reachable). */
  static boolean holdable() {
    return EXCHANGE != null;
  }

  @Override
  public void onStreamCreated(Stream stream) {
    super.onStreamCreated(stream);
    windows.put(stream, new Window(stream));
  }

  @Override
  public void onStreamDestroyed(Stream stream) {
    windows.remove(stream);
    super.onStreamDestroyed(stream);
  }

  @Override
  public void onDataConsumed(Session session, Stream stream, int length) {
    if (length <= 0) {
      return;
    }
    int level = sessionConsumed.addAndGet(length);
    if (level >= SESSION_WINDOW / 2 && sessionConsumed.compareAndSet(level, 0)) {
      updateRecvWindow(session, level);
      sendWindowUpdate(session, null, List.of(new WindowUpdateFrame(0, level)));
    }
    Window window = stream == null || stream.isRemotelyClosed() ? null : windows.get(stream);
    if (window != null) {
      window.bind();
      window.consumed(length);
    }
  }

  /**
   * Whether a request's answer may come at full speed. Opened once, from any thread; a request without a gate is
   * open from its first byte.
   */
  static final class Gate {
    private boolean open;
    private Runnable opener;

    /** Opens the answer's window (or marks it open for when its first data arrives). */
    void open() {
      Runnable then;
      synchronized (this) {
        if (open) {
          return;
        }
        open = true;
        then = opener;
        opener = null;
      }
      if (then != null) {
        then.run();
      }
    }

    private void whenOpen(Runnable action) {
      boolean now;
      synchronized (this) {
        now = open;
        if (!now) {
          opener = action;
        }
      }
      if (now) {
        action.run();
      }
    }
  }

  /** One stream's window: held until its gate opens, then kept near {@link #OPEN_WINDOW}. */
  private final class Window {
    private final Stream stream;
    private boolean bound;
    private boolean open;
    /** Bytes read and not yet given back to the provider. */
    private int owed;

    Window(Stream stream) {
      this.stream = stream;
    }

    /** At the stream's first data: finds its gate, and opens now or when the gate does. */
    void bind() {
      synchronized (this) {
        if (bound) {
          return;
        }
        bound = true;
      }
      Gate gate = gateOf(stream);
      if (gate == null) {
        open();
      } else {
        gate.whenOpen(this::open);
      }
    }

    void consumed(int length) {
      int give;
      synchronized (this) {
        owed += length;
        if (!open || owed < OPEN_WINDOW / 2) {
          return;
        }
        give = owed;
        owed = 0;
      }
      giveBack(give);
    }

    private void open() {
      int give;
      synchronized (this) {
        if (open) {
          return;
        }
        open = true;
        give = OPEN_WINDOW - getInitialStreamRecvWindow() + owed;
        owed = 0;
      }
      if (give > 0 && !stream.isRemotelyClosed()) {
        giveBack(give);
      }
    }

    private void giveBack(int bytes) {
      updateRecvWindow(stream, bytes);
      sendWindowUpdate(stream.getSession(), stream, List.of(new WindowUpdateFrame(stream.getId(), bytes)));
    }
  }

  /** The gate of the request {@code stream} carries, or null (none, or not reachable: the stream is then open). */
  private static Gate gateOf(Stream stream) {
    if (EXCHANGE == null || !(stream instanceof HTTP2Stream h2) || !(h2.getAttachment() instanceof HttpReceiver r)) {
      return null;
    }
    try {
      HttpExchange exchange = (HttpExchange) EXCHANGE.invoke(r);
      return exchange == null ? null : exchange.getRequest().getAttributes().get(GATE) instanceof Gate gate
          ? gate : null;
    } catch (Throwable e) {
      return null;
    }
  }

  private static MethodHandle exchangeHandle() {
    try {
      return MethodHandles.privateLookupIn(HttpReceiver.class, MethodHandles.lookup())
          .findVirtual(HttpReceiver.class, "getHttpExchange", MethodType.methodType(HttpExchange.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "HTTP/2 answers cannot be held at the provider ({0}): answers over HTTP/2"
          + " are read as they come", e.toString());
      return null;
    }
  }
}
