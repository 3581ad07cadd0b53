package dev.imagegate.provider;

import dev.imagegate.InputImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * A request body made of pieces, streamed in order when sent: literal bytes, input images as they are (multipart
 * file parts) and input images base64-encoded on the fly (JSON bodies with inline images). Its length is known
 * without reading any image, and no image is ever held whole in memory. Immutable; each {@link #open()} streams it
 * afresh (a retried send reads the files again).
 */
public final class StreamedBody implements HttpTransport.Content {
  /** One piece of the body. */
  public sealed interface Piece {
    long length();

    InputStream open() throws IOException;
  }

  /** Literal bytes. */
  public record Bytes(byte[] bytes) implements Piece {
    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  /** An image's bytes as they are. */
  public record Raw(InputImage image) implements Piece {
    @Override
    public long length() {
      return image.size();
    }

    @Override
    public InputStream open() throws IOException {
      return image.open();
    }
  }

  /** An image's bytes in standard base64 (with padding, no line breaks), encoded while sent. */
  public record Base64Of(InputImage image) implements Piece {
    @Override
    public long length() {
      return 4 * ((image.size() + 2) / 3);
    }

    @Override
    public InputStream open() throws IOException {
      return new Base64Stream(image.open());
    }
  }

  private final List<Piece> pieces;
  private final long length;

  public StreamedBody(List<Piece> pieces) {
    this.pieces = List.copyOf(pieces);
    long total = 0;
    for (Piece piece : this.pieces) {
      total += piece.length();
    }
    this.length = total;
  }

  public List<Piece> pieces() {
    return pieces;
  }

  @Override
  public long length() {
    return length;
  }

  /** The pieces in order, each opened only when the one before it is used up (at most one file open at once). */
  @Override
  public InputStream open() {
    List<InputStream> streams = new ArrayList<>();
    for (Piece piece : pieces) {
      streams.add(new LazyStream(piece));
    }
    return new SequenceInputStream(Collections.enumeration(streams));
  }

  /** The whole body in memory: for tests and for signing small bodies. */
  public byte[] readAll() throws IOException {
    try (InputStream in = open()) {
      return in.readAllBytes();
    }
  }

  /** A stream that opens its piece on first read. */
  private static final class LazyStream extends InputStream {
    private final Piece piece;
    private InputStream in;

    LazyStream(Piece piece) {
      this.piece = piece;
    }

    private InputStream in() throws IOException {
      if (in == null) {
        in = piece.open();
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }

  /** Encodes a stream to base64 in blocks of 48 KB (a multiple of 3, so no padding until the end). */
  private static final class Base64Stream extends InputStream {
    private static final int BLOCK = 3 * 16 * 1024;
    private final InputStream source;
    private byte[] out = new byte[0];
    private int pos;
    private boolean done;

    Base64Stream(InputStream source) {
      this.source = source;
    }

    private boolean fill() throws IOException {
      if (pos < out.length) {
        return true;
      }
      if (done) {
        return false;
      }
      byte[] block = source.readNBytes(BLOCK);
      if (block.length < BLOCK) {
        done = true;
      }
      out = Base64.getEncoder().encode(block);
      pos = 0;
      return out.length > 0;
    }

    @Override
    public int read() throws IOException {
      return fill() ? out[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, out.length - pos);
      System.arraycopy(out, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }
}
