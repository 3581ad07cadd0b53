package dev.imagegate.gateway.http;

import dev.imagegate.error.BadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;

/**
 * A {@code multipart/form-data} request body, parsed with Jetty's own multipart support under {@link UploadLimits}:
 * parts above the memory threshold are spooled to temporary files, which {@link #close()} deletes (the caller closes
 * the form when its call ends, however it ends). Not thread-safe.
 */
public final class MultipartForm implements AutoCloseable {
  /**
   * One part, in the order sent.
   *
   * @param fileName the part's {@code filename}, or null for a plain field
   * @param path the spooled file holding the part, or null when it is in memory
   */
  public record Part(String name, String fileName, long length, Path path, MultiPart.Part jetty) {
    /** The part's value as UTF-8 text. */
    public String text() {
      return jetty.getContentAsString(StandardCharsets.UTF_8);
    }

    /** The part's bytes (only for parts in memory: spooled parts are read from {@link #path()}). */
    public byte[] bytes() {
      try (InputStream in = Content.Source.asInputStream(jetty.createContentSource())) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw bad(name, "The part '" + name + "' could not be read: " + e.getMessage());
      }
    }

    public Optional<Path> spooled() {
      return Optional.ofNullable(path);
    }
  }

  private final MultiPartFormData.Parts parts;
  private final List<Part> list;

  private MultipartForm(MultiPartFormData.Parts parts, List<Part> list) {
    this.parts = parts;
    this.list = List.copyOf(list);
  }

  /** Whether {@code contentType} announces a multipart form. */
  public static boolean isMultipart(String contentType) {
    return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  /**
   * Reads the whole form of {@code exchange}. A body over {@code maxBodyBytes} or a file over {@code maxFileBytes} is
   * a 413; more than {@code maxParts} parts, a missing boundary, a body that is not multipart or ends early is a
   * 400; a body that stalls is a 408. On any failure nothing stays on disk.
   */
  public static MultipartForm read(Exchange exchange, UploadLimits limits) {
    String contentType = exchange.requestHeader("Content-Type");
    if (!isMultipart(contentType) || !contentType.toLowerCase(Locale.ROOT).contains("boundary=")) {
      throw bad(null, "The request's Content-Type must be multipart/form-data with a boundary "
          + "(or application/json)");
    }
    long declared = exchange.declaredLength();
    if (declared > limits.maxBodyBytes()) {
      throw BadRequest.refused(413, "request_too_large", null, "Request body is larger than the limit of " + limits.maxBodyBytes() + " bytes");
    }
    MultiPartConfig config = new MultiPartConfig.Builder().location(limits.spoolDir()).maxParts(limits.maxParts())
        .maxSize(limits.maxBodyBytes()).maxPartSize(limits.maxFileBytes()).maxMemoryPartSize(limits.memoryBytes())
        .useFilesForPartsWithoutFileName(true).build();
    MultiPartFormData.Parts parts;
    try {
      parts = MultiPartFormData.from(exchange.source(), exchange.attributes(), contentType, config).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw bad(null, "The upload was interrupted");
    } catch (ExecutionException | RuntimeException e) {
      throw failure(e, limits);
    }
    List<Part> list = new ArrayList<>();
    for (MultiPart.Part part : parts) {
      Path path = part instanceof MultiPart.PathPart file ? file.getPath() : null;
      list.add(new Part(part.getName(), part.getFileName(), part.getLength(), path, part));
    }
    MultipartForm form = new MultipartForm(parts, list);
    for (Part part : list) {
      if (part.length() > limits.maxFileBytes()) {
        form.close();
        throw fileTooLarge(part.name(), limits);
      }
    }
    return form;
  }

  public List<Part> parts() {
    return list;
  }

  /** Deletes the spooled files. */
  @Override
  public void close() {
    parts.close();
  }

  private static BadRequest failure(Throwable thrown, UploadLimits limits) {
    Throwable cause = thrown;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return BadRequest.refused(408, "request_timeout", null, "The request body did not arrive in time: send it without pauses");
      }
    }
    String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("max file size") || message.contains("max memory file size")) {
      return fileTooLarge(null, limits);
    }
    if (message.contains("max length")) {
      return BadRequest.refused(413, "request_too_large", null, "Request body is larger than the limit of " + limits.maxBodyBytes() + " bytes");
    }
    if (message.contains("too many")) {
      return bad(null, "The form has more than " + limits.maxParts() + " parts");
    }
    if (message.contains("eof") || cause instanceof java.io.EOFException) {
      return bad(null, "The multipart body ended before its closing boundary: send the whole form");
    }
    return bad(null, "The request body is not a valid multipart/form-data body: "
        + cause.getMessage());
  }

  private static BadRequest fileTooLarge(String name, UploadLimits limits) {
    return BadRequest.refused(413, "file_too_large", name,
        (name == null ? "A file" : "The file '" + name + "'") + " is larger than the limit of "
            + limits.maxFileBytes() + " bytes per file");
  }

  /** A 400 naming {@code param} (or none). */
  private static BadRequest bad(String param, String message) {
    return new BadRequest(message, param);
  }
}
