package dev.imagegate;

import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import dev.imagegate.provider.ProviderHttp;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The events of one streamed call, to iterate: partial images as they arrive, the completed images, and last
 * {@link ImageEvent.Finished} with the whole response. The call runs on its own (virtual) thread and waits for the
 * reader: one event is handed over at a time, so a slow reader slows the upstream read instead of piling events up.
 * A failed call throws its {@link ImageGateException} from {@link #hasNext()}. Closing the stream before its end
 * cancels the call at once (the upstream request is abandoned). The executor must run the call on a thread of its
 * own (a new virtual thread): closing aborts the streamed answers that thread reads. Not thread-safe: one reader.
 *
 * <pre>{@code
 * try (ImageStream events = gate.generateStreaming(request, 2)) {
 *   for (ImageEvent event : events) { ... }
 * }
 * }</pre>
 */
public final class ImageStream implements Iterable<ImageEvent>, Iterator<ImageEvent>, AutoCloseable {
  private static final Object END = new Object();

  private final BlockingQueue<Object> handoff = new ArrayBlockingQueue<>(1);
  private volatile boolean closed;
  /** The thread running the call while it runs, whose upstream answers close when the reader closes early. */
  private volatile Thread producer;
  private Object next;
  private boolean ended;

  private ImageStream() {
  }

  /** Starts {@code call} on {@code executor}, its events going to the returned stream. */
  public static ImageStream start(Consumer<ImageStreamListener> call, Executor executor) {
    ImageStream stream = new ImageStream();
    executor.execute(() -> {
      stream.producer = Thread.currentThread();
      try {
        if (!stream.closed) {
          call.accept(stream::put);
          stream.put(END);
        }
      } catch (ImageGateException e) {
        stream.putQuietly(e);
      } catch (RuntimeException e) {
        stream.putQuietly(Internal.unexpected("The streamed call failed unexpectedly: " + e, e));
      } finally {
        stream.producer = null;
      }
    });
    return stream;
  }

  /** Hands {@code item} to the reader; throws (cancelling the call) once the reader has closed the stream. */
  private void put(Object item) {
    try {
      while (!handoff.offer(item, 100, TimeUnit.MILLISECONDS)) {
        if (closed) {
          throw new IllegalStateException("the stream was closed by its reader");
        }
      }
      if (closed) {
        throw new IllegalStateException("the stream was closed by its reader");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing over an event", e);
    }
  }

  private void putQuietly(Object item) {
    try {
      put(item);
    } catch (IllegalStateException ignored) {
      // the reader is gone: nobody is left to tell
    }
  }

  @Override
  public Iterator<ImageEvent> iterator() {
    return this;
  }

  /**
   * Whether another event comes; waits for it.
   *
   * @throws ImageGateException the call's failure, once the events before it are read
   */
  @Override
  public boolean hasNext() {
    if (ended) {
      return false;
    }
    if (next == null) {
      try {
        next = handoff.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new Internal("Interrupted while waiting for the next event", ImageGateException.Details.NONE, e);
      }
    }
    if (next == END) {
      ended = true;
      return false;
    }
    if (next instanceof ImageGateException failure) {
      ended = true;
      throw failure;
    }
    return true;
  }

  @Override
  public ImageEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    ImageEvent event = (ImageEvent) next;
    next = null;
    return event;
  }

  /**
   * Stops reading: a call still running is cancelled at once, even while its upstream is silent (the streamed answer
   * its thread is reading is closed, which ends the wait for the upstream and abandons the upstream request).
   */
  @Override
  public void close() {
    closed = true;
    ended = true;
    handoff.clear();
    Thread running = producer;
    if (running != null) {
      ProviderHttp.abortStreams(running);
    }
  }
}
