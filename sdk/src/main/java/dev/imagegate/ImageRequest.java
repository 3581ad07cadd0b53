package dev.imagegate;

import dev.imagegate.error.BadRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One image generation request, shaped like OpenAI's {@code POST /v1/images/generations}.
 *
 * <p>The six portable parameters ({@code n}, {@code size}, {@code quality}, {@code style}, {@code responseFormat},
 * {@code user}) are checked against the chosen model's capabilities; null means "the provider's default". Everything
 * else the caller sends goes in {@code extras} and is forwarded verbatim into the provider's body (provider settings
 * such as {@code vertex_project} are read from extras too and never forwarded). Nothing is silently dropped: a
 * portable parameter the model cannot take is a {@link BadRequest} unless {@code dropParams} is set.
 *
 * @param prompt required, not blank
 * @param model a model string such as {@code dall-e-3} or {@code vertex_ai/imagen-4.0-generate-001};
 *     default {@code gpt-image-1}
 * @param timeout how long to wait for the provider; null means the client's default (600 s unless configured)
 * @param extras provider-native fields; values are JSON-compatible (strings, numbers, booleans, lists, maps)
 * @param tags routing tags (used by the router's tag filtering)
 * @param endUser who the call is made for, for tracking: sent to the provider as {@code user} when the model takes
 *     one and {@code user} is not set, and never a reason to refuse the call (the gateway puts its end user here)
 * @param operation generate (default), edit or variation
 * @param images the input images of an edit or variation (at least one; none for generate)
 * @param mask the edit's mask (applies to the first image), or null
 */
public record ImageRequest(String prompt, String model, Integer n, String quality, ResponseFormat responseFormat,
                           Size size, String style, String user, Duration timeout, String apiKey, String apiBase,
                           String apiVersion, String customProvider, boolean dropParams, Map<String, Object> extras,
                           List<String> tags, String endUser, Operation operation, List<InputImage> images,
                           InputImage mask) {
  public static final String DEFAULT_MODEL = "gpt-image-2";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

  /** The names of the portable parameters, as written on the wire. */
  public static final Set<String> PORTABLE = Set.of("n", "size", "quality", "style", "response_format", "user");

  /**
   * The streaming fields, never extras: a call streams through {@code ImageGate.generateStreaming} /
   * {@code editStreaming}, which take {@code partial_images} as an argument and set both on the wire.
   */
  public static final Set<String> STREAMING = Set.of("stream", "partial_images");

  public ImageRequest {
    operation = operation == null ? Operation.GENERATE : operation;
    images = images == null ? List.of() : List.copyOf(images);
    if (operation == Operation.VARIATION && (prompt == null || prompt.isBlank())) {
      prompt = "";
    } else if (prompt == null || prompt.isBlank()) {
      throw new BadRequest("prompt is required and must not be blank", "prompt");
    }
    inputs(operation, images, mask);
    model = model == null || model.isBlank() ? DEFAULT_MODEL : model.trim();
    if (n != null && n < 1) {
      throw new BadRequest("Invalid n " + n + ": at least one image must be requested", "n");
    }
    quality = blankToNull(quality);
    style = blankToNull(style);
    user = blankToNull(user);
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new BadRequest("timeout must be positive", "timeout");
    }
    apiKey = blankToNull(apiKey);
    apiBase = blankToNull(apiBase);
    apiVersion = blankToNull(apiVersion);
    customProvider = blankToNull(customProvider);
    extras = extras == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    for (String key : extras.keySet()) {
      if (PORTABLE.contains(key) || key.equals("prompt") || key.equals("model")) {
        throw new BadRequest("'" + key + "' is a portable parameter: set it with its own field, not in extras", key);
      }
      if (STREAMING.contains(key)) {
        throw new BadRequest("'" + key + "' is not an extra: to stream, call ImageGate.generateStreaming (or "
            + "editStreaming) with the number of partial images (0 to 3); the blocking call never streams", key);
      }
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    endUser = blankToNull(endUser);
  }

  /** The constructor before edits and variations: a generate request. */
  public ImageRequest(String prompt, String model, Integer n, String quality, ResponseFormat responseFormat,
                      Size size, String style, String user, Duration timeout, String apiKey, String apiBase,
                      String apiVersion, String customProvider, boolean dropParams, Map<String, Object> extras,
                      List<String> tags, String endUser) {
    this(prompt, model, n, quality, responseFormat, size, style, user, timeout, apiKey, apiBase, apiVersion,
        customProvider, dropParams, extras, tags, endUser, Operation.GENERATE, List.of(), null);
  }

  /**
   * The rules that hold whatever the model: an edit or variation has an image, a generate call has none, a mask
   * needs an image and belongs to an edit. Limits that depend on the model are {@code Capabilities.check}'s.
   */
  private static void inputs(Operation operation, List<InputImage> images, InputImage mask) {
    if (operation == Operation.GENERATE && !images.isEmpty()) {
      throw new BadRequest("image is only taken by edits and variations (POST /v1/images/edits or "
          + "/v1/images/variations), not by generations", "image");
    }
    if (operation != Operation.GENERATE && images.isEmpty()) {
      throw new BadRequest("image is required: an " + operation.wire() + " needs at least one input image", "image");
    }
    if (mask != null && operation != Operation.EDIT) {
      throw new BadRequest("mask is only taken by edits", "mask");
    }
  }

  public static Builder builder(String prompt) {
    return new Builder().prompt(prompt);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().prompt(prompt).model(model).n(n).quality(quality).responseFormat(responseFormat)
        .size(size).style(style).user(user).timeout(timeout).apiKey(apiKey).apiBase(apiBase).apiVersion(apiVersion)
        .customProvider(customProvider).dropParams(dropParams).extras(extras).tags(tags).endUser(endUser)
        .operation(operation).images(images).mask(mask);
  }

  /** The number of images asked for, 1 when unset. */
  public int count() {
    return n == null ? 1 : n;
  }

  /** Never prints the API key or the full prompt. */
  @Override
  public String toString() {
    String shortPrompt = prompt.length() > 60 ? prompt.substring(0, 60) + "..." : prompt;
    return "ImageRequest[model=" + model + ", prompt=" + shortPrompt + ", n=" + n + ", size=" + size
        + ", quality=" + quality + ", style=" + style + ", responseFormat=" + responseFormat
        + ", apiKey=" + (apiKey == null ? "none" : "****") + ", extras=" + extras.keySet()
        + (operation == Operation.GENERATE ? "" : ", operation=" + operation.wire() + ", images=" + images
        + (mask == null ? "" : ", mask=" + mask)) + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private String prompt;
    private String model;
    private Integer n;
    private String quality;
    private ResponseFormat responseFormat;
    private Size size;
    private String style;
    private String user;
    private Duration timeout;
    private String apiKey;
    private String apiBase;
    private String apiVersion;
    private String customProvider;
    private boolean dropParams;
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private List<String> tags = List.of();
    private String endUser;
    private Operation operation = Operation.GENERATE;
    private List<InputImage> images = List.of();
    private InputImage mask;

    private Builder() {
    }

    public Builder prompt(String value) {
      this.prompt = value;
      return this;
    }

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder n(Integer value) {
      this.n = value;
      return this;
    }

    public Builder quality(String value) {
      this.quality = value;
      return this;
    }

    public Builder responseFormat(ResponseFormat value) {
      this.responseFormat = value;
      return this;
    }

    /** Parses {@code url} or {@code b64_json}. */
    public Builder responseFormat(String value) {
      this.responseFormat = value == null ? null : ResponseFormat.parse(value);
      return this;
    }

    public Builder size(Size value) {
      this.size = value;
      return this;
    }

    /** Parses {@code 1024x1024}, {@code 16:9} or {@code auto}. */
    public Builder size(String value) {
      this.size = value == null ? null : Size.parse(value);
      return this;
    }

    public Builder style(String value) {
      this.style = value;
      return this;
    }

    public Builder user(String value) {
      this.user = value;
      return this;
    }

    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    public Builder apiKey(String value) {
      this.apiKey = value;
      return this;
    }

    public Builder apiBase(String value) {
      this.apiBase = value;
      return this;
    }

    public Builder apiVersion(String value) {
      this.apiVersion = value;
      return this;
    }

    public Builder customProvider(String value) {
      this.customProvider = value;
      return this;
    }

    public Builder dropParams(boolean value) {
      this.dropParams = value;
      return this;
    }

    /** Adds one provider-native field, forwarded verbatim. */
    public Builder extra(String key, Object value) {
      this.extras.put(key, value);
      return this;
    }

    public Builder extras(Map<String, ?> values) {
      this.extras.clear();
      if (values != null) {
        this.extras.putAll(values);
      }
      return this;
    }

    public Builder tags(List<String> values) {
      this.tags = values == null ? List.of() : values;
      return this;
    }

    /** Who the call is made for; see {@link ImageRequest#endUser()}. */
    public Builder endUser(String value) {
      this.endUser = value;
      return this;
    }

    /** Generate (the default), edit or variation. */
    public Builder operation(Operation value) {
      this.operation = value;
      return this;
    }

    /** The input images of an edit or variation, in order (the mask applies to the first). */
    public Builder images(List<InputImage> values) {
      this.images = values == null ? List.of() : List.copyOf(values);
      return this;
    }

    /** Adds one input image. */
    public Builder image(InputImage value) {
      java.util.List<InputImage> more = new java.util.ArrayList<>(images);
      more.add(Objects.requireNonNull(value, "image"));
      this.images = List.copyOf(more);
      return this;
    }

    /** The edit's mask (PNG with alpha where OpenAI-shaped providers need it), or null. */
    public Builder mask(InputImage value) {
      this.mask = value;
      return this;
    }

    public ImageRequest build() {
      return new ImageRequest(prompt, model, n, quality, responseFormat, size, style, user, timeout, apiKey,
          apiBase, apiVersion, customProvider, dropParams, extras, tags, endUser, operation, images, mask);
    }
  }
}
