package dev.imagegate;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagegate.provider.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one generation: OpenAI's response shape ({@code created}, {@code data}, {@code usage}) plus what
 * imagegate knows about the call: which provider and model served it, how long it took, what it cost, and the route
 * the router took.
 *
 * @param openAiFields extra top-level fields OpenAI's gpt-image models return ({@code background},
 *     {@code output_format}, {@code quality}, {@code size}); written back by {@link #toOpenAiJson()}
 * @param contentFilter the content-filter verdicts the answer carried (Azure), {@link ContentFilter#NONE} otherwise;
 *     written back in Azure's places by {@link #toOpenAiJson()}
 */
public record ImageResponse(long created, List<ImageData> data, Usage usage, Map<String, Object> openAiFields,
                            String provider, String model, Duration latency, Cost cost, Route route,
                            String deprecation, ContentFilter contentFilter) {

  /** How the call was served: the deployment, the attempts made and the fallback groups tried. */
  public record Route(String deploymentId, int attempts, List<String> fallbacksTried) {
    public static final Route DIRECT = new Route(null, 1, List.of());

    public Route {
      fallbacksTried = fallbacksTried == null ? List.of() : List.copyOf(fallbacksTried);
    }
  }

  public ImageResponse {
    data = List.copyOf(data);
    usage = usage == null ? Usage.NONE : usage;
    openAiFields = openAiFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(openAiFields));
    latency = latency == null ? Duration.ZERO : latency;
    cost = cost == null ? Cost.unpriced("not computed") : cost;
    route = route == null ? Route.DIRECT : route;
    contentFilter = contentFilter == null ? ContentFilter.NONE : contentFilter;
  }

  public ImageResponse(long created, List<ImageData> data, Usage usage, Map<String, Object> openAiFields,
                       String provider, String model, Duration latency, Cost cost, Route route, String deprecation) {
    this(created, data, usage, openAiFields, provider, model, latency, cost, route, deprecation, null);
  }

  /** A response as a provider mapped it, before imagegate adds latency, cost and route. */
  public static ImageResponse of(long created, List<ImageData> data, Usage usage, Map<String, Object> openAiFields,
                                 String provider, String model) {
    return new ImageResponse(created, data, usage, openAiFields, provider, model, null, null,
        null, null);
  }

  public ImageResponse withData(List<ImageData> newData) {
    return new ImageResponse(created, newData, usage, openAiFields, provider, model, latency, cost,
        route, deprecation, contentFilter);
  }

  public ImageResponse withCall(Duration newLatency, Cost newCost) {
    return new ImageResponse(created, data, usage, openAiFields, provider, model, newLatency, newCost,
        route, deprecation, contentFilter);
  }

  public ImageResponse withCost(Cost newCost) {
    return new ImageResponse(created, data, usage, openAiFields, provider, model, latency, newCost,
        route, deprecation, contentFilter);
  }

  /**
   * This response noting that its model is deprecated ({@code notice} says when it shuts down and what replaces it);
   * the gateway sends it as the {@code x-imagegate-deprecation} header.
   */
  public ImageResponse withDeprecation(String notice) {
    return new ImageResponse(created, data, usage, openAiFields, provider, model, latency, cost,
        route, notice, contentFilter);
  }

  public ImageResponse withRoute(Route newRoute) {
    return new ImageResponse(created, data, usage, openAiFields, provider, model, latency, cost,
        newRoute, deprecation, contentFilter);
  }

  /** This response with the content-filter verdicts its answer carried. */
  public ImageResponse withContentFilter(ContentFilter newContentFilter) {
    return new ImageResponse(created, data, usage, openAiFields, provider, model, latency, cost,
        route, deprecation, newContentFilter);
  }

  /** The bytes of the first image. */
  public byte[] bytes() {
    return first().bytes();
  }

  /** The bytes of image {@code index}. */
  public byte[] bytes(int index) {
    return data.get(index).bytes();
  }

  /** Saves the first image to {@code file}. */
  public Path save(Path file) {
    return first().save(file);
  }

  /** Saves every image into {@code directory} as {@code <baseName>[-i].<ext>}, the extension from the bytes. */
  public List<Path> saveAll(Path directory, String baseName) {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      byte[] bytes = data.get(i).bytes();
      String suffix = data.size() == 1 ? "" : "-" + (i + 1);
      Path file = directory.resolve(baseName + suffix + "." + ImageFormat.sniff(bytes).extension());
      files.add(ImageData.ofBytes(bytes, null).save(file));
    }
    return files;
  }

  private ImageData first() {
    if (data.isEmpty()) {
      throw new IllegalStateException("the response holds no images");
    }
    return data.get(0);
  }

  /** Exactly OpenAI's images response JSON: {@code created}, {@code data}, the gpt-image fields, {@code usage}. */
  public String toOpenAiJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeOpenAiJson(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Streams {@link #toOpenAiJson()} to {@code out} without building the string. */
  public void writeOpenAiJson(OutputStream out) {
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("created", created);
      json.writeArrayFieldStart("data");
      for (int i = 0; i < data.size(); i++) {
        ImageData image = data.get(i);
        json.writeStartObject();
        if (image.isUrl()) {
          json.writeStringField("url", image.url());
        } else {
          json.writeFieldName("b64_json");
          image.writeBase64Value(json);
        }
        if (image.revisedPrompt() != null) {
          json.writeStringField("revised_prompt", image.revisedPrompt());
        }
        if (i < contentFilter.images().size()) {
          writeVerdicts(json, "content_filter_results", contentFilter.images().get(i).content());
          writeVerdicts(json, "prompt_filter_results", contentFilter.images().get(i).prompt());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      if (!contentFilter.prompts().isEmpty()) {
        json.writeArrayFieldStart("prompt_filter_results");
        for (ContentFilter.PromptVerdicts prompt : contentFilter.prompts()) {
          json.writeStartObject();
          json.writeNumberField("prompt_index", prompt.promptIndex());
          writeVerdicts(json, "content_filter_results", prompt.content());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      for (Map.Entry<String, Object> field : openAiFields.entrySet()) {
        json.writeFieldName(field.getKey());
        Json.MAPPER.writeValue(json, field.getValue());
      }
      json.writeObjectFieldStart("usage");
      json.writeNumberField("input_tokens", usage.inputTokens());
      json.writeObjectFieldStart("input_tokens_details");
      json.writeNumberField("text_tokens", usage.inputTokensDetails().textTokens());
      json.writeNumberField("image_tokens", usage.inputTokensDetails().imageTokens());
      if (usage.inputTokensDetails().cachedTokens() > 0) {
        json.writeNumberField("cached_tokens", usage.inputTokensDetails().cachedTokens());
      }
      json.writeEndObject();
      json.writeNumberField("output_tokens", usage.outputTokens());
      if (!usage.outputTokensDetails().isEmpty()) {
        json.writeObjectFieldStart("output_tokens_details");
        json.writeNumberField("image_tokens", usage.outputTokensDetails().imageTokens());
        json.writeNumberField("text_tokens", usage.outputTokensDetails().textTokens());
        if (usage.outputTokensDetails().thinkingTokens() > 0) {
          json.writeNumberField("reasoning_tokens", usage.outputTokensDetails().thinkingTokens());
        }
        json.writeEndObject();
      }
      json.writeNumberField("total_tokens", usage.totalTokens());
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeVerdicts(JsonGenerator json, String name, Map<String, ContentFilter.Verdict> verdicts)
      throws IOException {
    if (!verdicts.isEmpty()) {
      json.writeFieldName(name);
      Json.MAPPER.writeValue(json, verdicts);
    }
  }

  @Override
  public String toString() {
    return "ImageResponse[provider=" + provider + ", model=" + model + ", images=" + data + ", usage=" + usage
        + ", cost=" + cost + ", latency=" + latency.toMillis() + "ms]";
  }
}
