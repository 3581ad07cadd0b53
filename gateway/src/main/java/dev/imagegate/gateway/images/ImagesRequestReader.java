package dev.imagegate.gateway.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.Size;
import dev.imagegate.config.Values;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.http.ControlCharacters;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads an OpenAI images request body strictly, before any money is spent: JSON syntax, the type of every known
 * field, the required prompt. Fields that configure the gateway itself ({@code tags}, {@code metadata}, of which only
 * its {@code tags} are read, {@code guardrails}, and {@code stream} with {@code partial_images}, which say how the
 * answer is sent) are taken out; credentials and endpoints ({@code api_key}, {@code api_base}, ...) are refused unless
 * the operator allowed them for the model; every other field is a provider-native extra passed through.
 */
public final class ImagesRequestReader {
  /** Fields a client may never send unless the operator allows them per model: credentials, endpoints, pricing. */
  static final Set<String> PROTECTED = Set.of("api_key", "api_base", "base_url", "api_version", "organization",
      "project", "custom_llm_provider", "base_model", "azure_ad_token", "azure_api_key", "extra_headers", "headers",
      "model_info", "litellm_params", "params");
  private static final List<String> PROTECTED_PREFIXES = List.of("aws_", "vertex_", "input_cost_per_",
      "output_cost_per_", "google_");

  /** JSON's types as sent; the first bad field is the request's 400, naming the field. */
  private static final Values FIELDS = Values.strict(new Values.Report() {
    @Override
    public void wrongType(String path, String expected, JsonNode value) {
      throw new BadRequest("Invalid type for '" + path + "': expected " + expected + ", but got " + describe(value),
          path);
    }

    @Override
    public void invalid(String path, JsonNode value, String problem) {
      throw new BadRequest("Invalid " + path + (value == null ? "" : " " + value.asText()) + ": " + problem, path);
    }
  });

  private ImagesRequestReader() {
  }

  /**
   * Parses {@code body}. {@code pathModel} (from {@code /openai/deployments/{model}/...}) wins over the body's model;
   * {@code allowedClientParams} gives, for a model, the protected fields the operator lets clients set.
   */
  public static ImagesCall read(byte[] body, String pathModel, Function<String, Set<String>> allowedClientParams) {
    return read(parse(body), pathModel, allowedClientParams, Operation.GENERATE, List.of(), null);
  }

  /**
   * Reads the fields of {@code root} (a JSON body, or an edit form's fields as JSON values) into a request for
   * {@code operation} on {@code images} (under {@code mask}, or null), which the caller has already read.
   */
  static ImagesCall read(JsonNode root, String pathModel, Function<String, Set<String>> allowedClientParams,
                         Operation operation, List<InputImage> images, InputImage mask) {
    String named = pathModel != null ? pathModel : root.path("model").isTextual() ? root.path("model").asText() : null;
    Set<String> allowed = named == null ? Set.of() : allowedClientParams.apply(named);
    ImageRequest.Builder builder = ImageRequest.builder().operation(operation).images(images).mask(mask);
    Map<String, Object> extras = new LinkedHashMap<>();
    List<String> tags = new ArrayList<>();
    List<String> guardrails = new ArrayList<>();
    String model = pathModel;
    boolean stream = false;
    int partialImages = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      switch (name) {
        case "prompt" -> builder.prompt(requiredText(name, value));
        case "model" -> model = pathModel != null ? pathModel : text(name, value);
        case "n" -> builder.n(integer(name, value));
        case "size" -> builder.size(sizeOf(text(name, value)));
        case "quality" -> builder.quality(text(name, value));
        case "style" -> builder.style(text(name, value));
        case "response_format" -> {
          String format = text(name, value);
          builder.responseFormat(format == null ? null : format.toLowerCase(Locale.ROOT));
        }
        case "user" -> builder.endUser(text(name, value));
        case "timeout" -> builder.timeout(seconds(name, value));
        case "drop_params" -> builder.dropParams(bool(name, value));
        case "tags" -> tags.addAll(strings(name, value));
        case "guardrails" -> guardrails.addAll(strings(name, value));
        case "stream" -> stream = bool(name, value);
        case "partial_images" -> partialImages = partialImages(value);
        case "metadata" -> {
          if (object(name, value).get("tags") instanceof List<?> list) {
            tags.addAll(strings("metadata.tags", Json.toTree(list)));
          }
        }
        default -> {
          if (isProtected(name) && !allowed.contains(name)) {
            throw invalid(name, "'" + name + "' cannot be set by clients: credentials, endpoints and "
                + "prices come from the gateway's configuration");
          }
          switch (name) {
            case "api_key" -> builder.apiKey(text(name, value));
            case "api_base" -> builder.apiBase(text(name, value));
            case "api_version" -> builder.apiVersion(text(name, value));
            default -> extras.put(name, value.isNull() ? null : Json.MAPPER.convertValue(value, Object.class));
          }
        }
      }
    }
    if (stream && operation == Operation.VARIATION) {
      throw invalid("stream", "stream is not supported for image variations: OpenAI streams generations and edits "
          + "only; send the variation without stream");
    }
    builder.model(model).extras(extras).tags(tags);
    return new ImagesCall(builder.build(), model != null && !model.isBlank(), guardrails, null,
        new StreamRequest(stream, partialImages));
  }

  static boolean isProtected(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return PROTECTED.contains(lower) || PROTECTED_PREFIXES.stream().anyMatch(lower::startsWith);
  }

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw invalid(null, "The request body is empty: send a JSON object with at least 'prompt'");
    }
    JsonNode root;
    try {
      root = Json.parseOne(body);
    } catch (StreamConstraintsException e) {
      throw invalid(null, "The JSON body of your request is nested too deeply or is too large: "
          + e.getOriginalMessage());
    } catch (MismatchedInputException e) {
      throw invalid(null, e.getOriginalMessage().startsWith("Trailing token")
          ? "Unexpected data after the JSON object" + where(e) + ": send exactly one JSON object"
          : "We could not parse the JSON body of your request: " + e.getOriginalMessage() + where(e));
    } catch (JsonProcessingException e) {
      throw invalid(null, "We could not parse the JSON body of your request: "
          + e.getOriginalMessage() + where(e));
    } catch (IOException e) {
      throw invalid(null, "We could not read the JSON body of your request: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid(null, "The request body must be a JSON object");
    }
    return root;
  }

  private static BadRequest invalid(String param, String message) {
    return new BadRequest(message, param);
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private static String requiredText(String name, JsonNode value) {
    String text = text(name, value);
    if (text == null || text.isBlank()) {
      throw invalid(name, "'" + name + "' is required and must not be blank");
    }
    return text;
  }

  private static String text(String name, JsonNode value) {
    String text = FIELDS.text(value, name);
    return text == null ? null : withoutControls(name, text);
  }

  /**
   * {@code text}, refused when it holds a control character (C0, DEL, C1): they are never meaningful in these fields
   * and would otherwise be trimmed by a lenient parser and accepted. The prompt may hold line breaks and tabs.
   */
  private static String withoutControls(String name, String text) {
    String problem = ControlCharacters.problem(name, text, name.equals("prompt"));
    if (problem != null) {
      throw new BadRequest(problem, name);
    }
    return text;
  }

  private static Integer integer(String name, JsonNode value) {
    return FIELDS.integer(value, name);
  }

  /** {@code partial_images}: an integer from 0 to 3 (null is the default, 0). */
  private static int partialImages(JsonNode value) {
    Integer count = FIELDS.integer(value, "partial_images");
    return new StreamRequest(false, count == null ? 0 : count).partialImages();
  }

  private static Duration seconds(String name, JsonNode value) {
    return FIELDS.seconds(value, name);
  }

  private static boolean bool(String name, JsonNode value) {
    return Boolean.TRUE.equals(FIELDS.bool(value, name));
  }

  private static List<String> strings(String name, JsonNode value) {
    List<String> strings = FIELDS.strings(value, name);
    return strings == null ? List.of() : strings.stream().map(text -> withoutControls(name, text)).toList();
  }

  private static Map<String, Object> object(String name, JsonNode value) {
    Map<String, Object> object = FIELDS.object(value, name);
    return object == null ? Map.of() : object;
  }

  private static Size sizeOf(String value) {
    return value == null ? null : Size.parse(value);
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
