package dev.imagegate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits on multipart uploads (image edits and variations), from {@code general_settings}. The defaults are OpenAI's
 * own: up to 16 input images of up to 50 MB each (GPT image models), plus a mask and the text fields.
 *
 * @param maxFiles {@code max_upload_files} (16): image parts ({@code image}, {@code image[]}) per request
 * @param maxFileBytes {@code max_upload_file_mb} (50): one file; more is a 413
 * @param maxBodyBytes {@code max_upload_request_mb} (850: 16 images and a mask of 50 MB, and the fields); more is a 413
 * @param maxParts {@code max_upload_parts} (64): every part, files and fields
 * @param memoryBytes {@code upload_spool_threshold_kb} (256): a part above this is spooled to a temporary file
 * @param spoolDir {@code upload_dir} (a folder under the system's temporary directory): where spooled parts live
 *     until their call ends
 */
public record UploadLimits(int maxFiles, long maxFileBytes, long maxBodyBytes, int maxParts, long memoryBytes,
                           Path spoolDir) {
  private static final long MB = 1024 * 1024;

  public UploadLimits {
    if (maxFiles < 1 || maxFileBytes < 1 || maxBodyBytes < 1 || maxParts < 2 || memoryBytes < 0) {
      throw new IllegalArgumentException("upload limits must be positive");
    }
  }

  /** The defaults, spooling under {@code spoolDir}. */
  public static UploadLimits defaults(Path spoolDir) {
    return new UploadLimits(16, 50 * MB, 850 * MB, 64, 256 * 1024, spoolDir);
  }

  /**
   * Reads the limits from {@code general_settings}; the spool folder is created here.
   *
   * @throws IllegalArgumentException naming every bad key
   */
  public static UploadLimits from(JsonNode general) {
    List<String> problems = new ArrayList<>();
    UploadLimits defaults = defaults(null);
    int files = (int) number(general, "max_upload_files", defaults.maxFiles(), problems);
    long file = (long) (number(general, "max_upload_file_mb", 50, problems) * MB);
    long body = (long) (number(general, "max_upload_request_mb", 850, problems) * MB);
    int parts = (int) number(general, "max_upload_parts", defaults.maxParts(), problems);
    long memory = (long) (number(general, "upload_spool_threshold_kb", 256, problems) * 1024);
    JsonNode dir = general.path("upload_dir");
    if (!dir.isMissingNode() && !dir.isNull() && !dir.isTextual()) {
      problems.add("general_settings.upload_dir must be a folder name");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Path spool = dir.isTextual() ? Path.of(dir.asText())
        : Path.of(System.getProperty("java.io.tmpdir"), "imagegate-uploads");
    try {
      Files.createDirectories(spool);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the upload folder " + spool, e);
    }
    return new UploadLimits(Math.max(1, files), file, body, Math.max(2, parts), memory, spool);
  }

  private static double number(JsonNode general, String key, double fallback, List<String> problems) {
    JsonNode value = general.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber() || value.asDouble() < 0 || (value.asDouble() == 0 && !key.endsWith("_kb"))) {
      problems.add("general_settings." + key + " must be a positive number");
      return fallback;
    }
    return value.asDouble();
  }
}
