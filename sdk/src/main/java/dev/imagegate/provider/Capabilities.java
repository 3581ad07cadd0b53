package dev.imagegate.provider;

import dev.imagegate.ImageRequest;
import dev.imagegate.Operation;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Size;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What one model accepts, as data: the router never sends a call a deployment cannot serve, and the gateway rejects
 * bad parameters before money is spent.
 *
 * @param minN smallest {@code n}
 * @param maxN largest {@code n} served (providers that take one image per call serve more with parallel calls)
 * @param sizes sizes in OpenAI spelling ({@code 1024x1024}, {@code 16:9}, {@code auto})
 * @param nativeFormats the response formats the provider can return itself; the SDK converts to the other
 * @param sendsResponseFormat whether {@code response_format} goes on the wire (gpt-image models reject it)
 * @param user whether the provider takes {@code user}
 * @param nativeExtras the documented provider-native fields (informational: every extra is forwarded)
 * @param settings keys read from {@code extras} as provider settings and never forwarded into the body
 * @param refusedValues values of native extras the model refuses ({@code background: transparent} on gpt-image-2):
 *     a {@link BadRequest} before anything is sent
 * @param operations what the model serves (generate only unless said otherwise)
 * @param inputs the input-image limits of each operation other than generate ({@link InputLimits#PERMISSIVE} for an
 *     operation served without stated limits)
 * @param maxPromptChars the longest prompt the model takes, in characters; null when no limit is known
 */
public record Capabilities(int minN, int maxN, Allowed sizes, Allowed qualities, Allowed styles,
                           Set<ResponseFormat> nativeFormats, boolean sendsResponseFormat, boolean user,
                           Set<String> nativeExtras, Set<String> settings, Map<String, Set<String>> refusedValues,
                           Set<Operation> operations, Map<Operation, InputLimits> inputs,
                           Integer maxPromptChars) {

  public Capabilities {
    if (minN < 1 || maxN < minN) {
      throw new IllegalArgumentException("bad n range " + minN + ".." + maxN);
    }
    nativeFormats = nativeFormats.isEmpty() ? EnumSet.noneOf(ResponseFormat.class) : EnumSet.copyOf(nativeFormats);
    nativeExtras = Set.copyOf(nativeExtras);
    settings = Set.copyOf(settings);
    refusedValues = refusedValues == null ? Map.of() : Map.copyOf(refusedValues);
    operations = operations == null || operations.isEmpty() ? EnumSet.of(Operation.GENERATE)
        : EnumSet.copyOf(operations);
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
  }

  public Capabilities(int minN, int maxN, Allowed sizes, Allowed qualities, Allowed styles,
                      Set<ResponseFormat> nativeFormats, boolean sendsResponseFormat, boolean user,
                      Set<String> nativeExtras, Set<String> settings, Map<String, Set<String>> refusedValues) {
    this(minN, maxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user, nativeExtras, settings,
        refusedValues, EnumSet.of(Operation.GENERATE), Map.of(), null);
  }

  public Capabilities(int minN, int maxN, Allowed sizes, Allowed qualities, Allowed styles,
                      Set<ResponseFormat> nativeFormats, boolean sendsResponseFormat, boolean user,
                      Set<String> nativeExtras, Set<String> settings, Map<String, Set<String>> refusedValues,
                      Set<Operation> operations, Map<Operation, InputLimits> inputs) {
    this(minN, maxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user, nativeExtras, settings,
        refusedValues, operations, inputs, null);
  }

  public Capabilities(int minN, int maxN, Allowed sizes, Allowed qualities, Allowed styles,
                      Set<ResponseFormat> nativeFormats, boolean sendsResponseFormat, boolean user,
                      Set<String> nativeExtras, Set<String> settings) {
    this(minN, maxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user, nativeExtras, settings,
        Map.of());
  }

  /** Anything goes: for OpenAI-compatible servers whose models we cannot know. */
  public static Capabilities permissive() {
    return new Capabilities(1, 10, Allowed.ANY, Allowed.ANY, Allowed.ANY,
        EnumSet.allOf(ResponseFormat.class), true, true, Set.of(), Set.of());
  }

  public Capabilities withSettings(Set<String> newSettings) {
    return new Capabilities(minN, maxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user,
        nativeExtras, newSettings, refusedValues, operations, inputs, maxPromptChars);
  }

  public Capabilities withMaxN(int newMaxN) {
    return new Capabilities(minN, newMaxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user,
        nativeExtras, settings, refusedValues, operations, inputs, maxPromptChars);
  }

  public Capabilities withMaxPromptChars(Integer newMaxPromptChars) {
    return new Capabilities(minN, maxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user,
        nativeExtras, settings, refusedValues, operations, inputs, newMaxPromptChars);
  }

  /** These capabilities serving {@code operation} too, with {@code limits} on its input images (null: unstated). */
  public Capabilities withOperation(Operation operation, InputLimits limits) {
    Set<Operation> ops = EnumSet.copyOf(operations);
    ops.add(operation);
    Map<Operation, InputLimits> in = new EnumMap<>(Operation.class);
    in.putAll(inputs);
    if (limits != null) {
      in.put(operation, limits);
    }
    return new Capabilities(minN, maxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user,
        nativeExtras, settings, refusedValues, ops, in, maxPromptChars);
  }

  /** Whether the model serves {@code operation}. */
  public boolean serves(Operation operation) {
    return operations.contains(operation);
  }

  /** The input limits of {@code operation} ({@link InputLimits#PERMISSIVE} when none are stated). */
  public InputLimits limits(Operation operation) {
    return inputs.getOrDefault(operation, InputLimits.PERMISSIVE);
  }

  /**
   * Checks {@code request} against these capabilities for {@code model}. Returns the request to send: unchanged, or
   * with unsupported portable parameters removed when {@code dropParams} is set. Otherwise a parameter the model
   * cannot take is a {@link BadRequest} naming it and the allowed values.
   */
  public ImageRequest check(ImageRequest request, String model) {
    Operation operation = request.operation();
    if (!operations.contains(operation)) {
      throw new BadRequest(model + " does not support " + operation.wire() + " (it serves " + served() + ")",
          "model", ImageGateException.Details.NONE);
    }
    int minN = this.minN;
    int maxN = this.maxN;
    Allowed sizes = this.sizes;
    Allowed qualities = this.qualities;
    if (operation != Operation.GENERATE) {
      InputLimits limits = limits(operation);
      InputChecks.check(request, limits, model);
      minN = limits.minN() == null ? minN : limits.minN();
      maxN = limits.maxN() == null ? maxN : limits.maxN();
      sizes = limits.sizes() == null ? sizes : limits.sizes();
      qualities = limits.qualities() == null ? qualities : limits.qualities();
    }
    String forModel = operation == Operation.GENERATE ? model : model + " " + operation.wire() + "s";
    ImageRequest.Builder out = request.toBuilder();
    boolean changed = false;
    boolean drop = request.dropParams();
    String prompt = request.prompt();
    int promptChars = prompt == null ? 0 : prompt.codePointCount(0, prompt.length());
    if (maxPromptChars != null && promptChars > maxPromptChars) {
      throw new BadRequest("Invalid prompt for " + model + ": it is " + promptChars + " characters, the model takes "
          + "at most " + maxPromptChars, "prompt", ImageGateException.Details.NONE);
    }
    if (request.n() != null && (request.n() < minN || request.n() > maxN)) {
      reject(drop, "n", "Invalid n " + request.n() + " for " + forModel + ": allowed "
          + (minN == maxN ? "only " + minN : minN + ".." + maxN));
      out.n(null);
      changed = true;
    }
    if (request.size() != null && !sizes.accepts(request.size().wire())) {
      reject(drop, "size", "Invalid size '" + request.size().wire() + "' for " + forModel + ": allowed values are "
          + sizes.describe());
      out.size((Size) null);
      changed = true;
    }
    if (request.quality() != null && !qualities.accepts(request.quality())) {
      reject(drop, "quality", "Invalid quality '" + request.quality() + "' for " + forModel + ": allowed values are "
          + qualities.describe());
      out.quality(null);
      changed = true;
    }
    if (request.style() != null && !styles.accepts(request.style())) {
      reject(drop, "style", "Invalid style '" + request.style() + "' for " + model + ": allowed values are "
          + styles.describe());
      out.style(null);
      changed = true;
    }
    if (request.user() != null && !user) {
      reject(drop, "user", "user is not supported by " + model);
      out.user(null);
      changed = true;
    }
    refusedValues.forEach((param, refused) -> {
      Object value = request.extras().get(param);
      if (value != null && (refused.contains("*") || refused.contains(value.toString()))) {
        throw new BadRequest("Invalid " + param + " '" + value + "' for " + model + ": this model does not take "
            + (refused.contains("*") ? param : param + " " + value), param, ImageGateException.Details.NONE);
      }
    });
    if (request.user() == null && request.endUser() != null && user) {
      out.user(request.endUser());
      changed = true;
    }
    return changed ? out.build() : request;
  }

  private String served() {
    return String.join(", ", operations.stream().map(Operation::wire).toList());
  }

  private static void reject(boolean drop, String param, String message) {
    if (!drop) {
      throw new BadRequest(message + " (set drop_params to drop unsupported parameters instead)", param,
          ImageGateException.Details.NONE);
    }
  }
}
