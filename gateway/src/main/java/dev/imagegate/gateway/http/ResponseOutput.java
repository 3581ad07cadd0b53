package dev.imagegate.gateway.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;

/**
 * The body of one response, written with blocking calls: a body that fits in the buffer goes out in one write with a
 * {@code Content-Length} (headers and body in one packet, no chunking); a longer one is streamed, and a large array
 * handed to {@link #write(byte[], int, int)} (a multi-megabyte base64 slice) goes to the socket from that array, not
 * copied. The buffer starts small and grows to {@link #BUFFER_SIZE} as the body does (most answers are a few hundred
 * bytes). {@link #flush()} does nothing (bytes leave when the buffer fills and at {@link #close()}) except for an
 * event stream ({@link #events}), chunked from the start, where it sends what is buffered; {@link #close()} is
 * idempotent and, after a failed write, quiet (the failure was already thrown once; throwing the same exception again
 * from close would make try-with-resources suppress it into itself).
 */
final class ResponseOutput extends OutputStream {
  static final int BUFFER_SIZE = 16 * 1024;
  private static final int INITIAL_BUFFER_SIZE = 1024;
  /** An event stream's writes at least this long go out from the caller's array, not through the buffer. */
  static final int DIRECT_EVENT_WRITE = 1024;

  private final Response response;
  private final boolean flushing;
  private byte[] buffer = new byte[INITIAL_BUFFER_SIZE];
  private int count;
  private boolean streaming;
  private boolean closed;
  private IOException failure;

  ResponseOutput(Response response) {
    this(response, false);
  }

  private ResponseOutput(Response response, boolean flushing) {
    this.response = response;
    this.flushing = flushing;
    this.streaming = flushing;
  }

  /**
   * The body of an event stream: no {@code Content-Length}, and {@link #flush()} sends what is buffered, blocking
   * until the client's connection takes it (a slow client slows the writer; nothing piles up here). Writes of
   * {@link #DIRECT_EVENT_WRITE} bytes or more (pieces of a relayed image) are sent at once from the caller's array.
   */
  static ResponseOutput events(Response response) {
    return new ResponseOutput(response, true);
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buffer.length && !grow(count + 1)) {
      drain();
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("the response body is closed");
    }
    if (flushing && length >= DIRECT_EVENT_WRITE) {
      // a piece of a relayed image: sent from the caller's array (the write blocks until it is taken), so a stream
      // holds no buffer of its own for it
      drain();
      send(false, ByteBuffer.wrap(bytes, offset, length));
      return;
    }
    if (length <= buffer.length - count || grow(count + length)) {
      System.arraycopy(bytes, offset, buffer, count, length);
      count += length;
      return;
    }
    drain();
    if (length >= BUFFER_SIZE) {
      send(false, ByteBuffer.wrap(bytes, offset, length));
    } else {
      grow(length);
      System.arraycopy(bytes, offset, buffer, 0, length);
      count = length;
    }
  }

  @Override
  public void flush() throws IOException {
    // a small body must go out whole, with its length, at close(); only an event stream sends each event as it ends
    if (flushing && !closed) {
      drain();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed || failure != null) {
      closed = true;
      return;
    }
    closed = true;
    if (!streaming) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, count);
    }
    send(true, count == 0 ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(buffer, 0, count));
  }

  /** Grows the buffer to hold {@code needed} bytes if that fits in {@link #BUFFER_SIZE}; false when it does not. */
  private boolean grow(int needed) {
    if (needed > BUFFER_SIZE) {
      return false;
    }
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.min(BUFFER_SIZE, Math.max(needed, buffer.length * 2)));
    }
    return true;
  }

  private void drain() throws IOException {
    if (count > 0) {
      send(false, ByteBuffer.wrap(buffer, 0, count));
      count = 0;
    }
  }

  /** Writes and waits; after a failed write (the client went away) nothing more is sent, and close is quiet. */
  private void send(boolean last, ByteBuffer content) throws IOException {
    if (failure != null) {
      throw new IOException("the response could not be written", failure);
    }
    streaming = true;
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(last, content, blocker);
      blocker.block();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }
}
