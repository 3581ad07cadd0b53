package dev.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.imagegate.Operation;
import dev.imagegate.ResponseFormat;
import dev.imagegate.cost.ImageTokens;
import dev.imagegate.cost.Pricing;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.Capabilities;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One model as the catalogue describes it (bundled {@code /dev/imagegate/catalog/<family>.json}, merged with the
 * operator's {@code model_catalog} file). Lists hold allowed values; {@code ["*"]} means any value; an absent list
 * means the model does not take the parameter. Providers read the facts from here and keep only the rules that map
 * them onto their wire.
 *
 * @param patterns names of snapshots and variants served as this model (e.g. {@code gpt-image-2-*})
 * @param operations {@code generate}, {@code edit}, {@code variation}
 * @param sizes allowed sizes in OpenAI spelling ({@code 1024x1024}, {@code 16:9}, {@code auto}); with a
 *     {@code sizeRule}, the values allowed besides it
 * @param sizeRule sizes given by a rule
 * @param responseFormats formats the provider returns itself ({@code url}, {@code b64_json})
 * @param sendsResponseFormat whether {@code response_format} goes on the wire (default true)
 * @param user whether the provider takes {@code user} (default true)
 * @param extras documented provider-native fields
 * @param refusedValues native field values the model refuses (a 400 before sending), e.g. background transparent
 * @param aspectRatios the ratios a ratio-based provider takes (Google, OpenRouter, Stability)
 * @param imageSizes the output resolutions a model takes (Google's {@code imageSize}: 512, 1K, 2K, 4K)
 * @param api the request shape the provider speaks for this model (Google: {@code predict} or
 *     {@code generateContent}; Bedrock: {@code sdxl}, {@code stability}, {@code titan}, {@code nova_canvas})
 * @param prices prices for every meter
 * @param priceTiers extra prices by tier, billed as {@code <model>/<tier>} (e.g. Bedrock's larger sizes)
 * @param edit limits on an edit's input images (when {@code operations} names {@code edit})
 * @param variation limits on a variation's input image (when {@code operations} names {@code variation})
 * @param source where the facts come from (URL or repository path)
 * @param checked when they were checked ({@code YYYY-MM-DD})
 * @param maxPromptChars the longest prompt the model takes, in characters (null: no limit known)
 * @param streaming whether the provider streams this model's images itself ({@code stream: true} with partial images,
 *     OpenAI's image streaming events); absent means false: streamed calls get the ordinary call's completed images
 */
public record ModelEntry(List<String> patterns, List<String> operations, NRange n, List<String> sizes,
                         @JsonProperty("size_rule") SizeRule sizeRule, List<String> qualities, List<String> styles,
                         @JsonProperty("response_formats") List<String> responseFormats,
                         @JsonProperty("sends_response_format") Boolean sendsResponseFormat, Boolean user,
                         List<String> extras, @JsonProperty("refused_values") Map<String, List<String>> refusedValues,
                         @JsonProperty("aspect_ratios") List<String> aspectRatios,
                         @JsonProperty("image_sizes") List<String> imageSizes, String api,
                         Pricing.ModelPrice prices,
                         @JsonProperty("price_tiers") Map<String, Pricing.ModelPrice> priceTiers,
                         Lifecycle lifecycle, String source, String checked, String notes, InputSpec edit,
                         InputSpec variation, @JsonProperty("max_prompt_chars") Integer maxPromptChars,
                         Boolean streaming) {

  /** The smallest and largest {@code n} one call serves. */
  public record NRange(int min, int max) {
  }

  public ModelEntry {
    patterns = patterns == null ? List.of() : List.copyOf(patterns);
    operations = operations == null ? List.of("generate") : List.copyOf(operations);
    n = n == null ? new NRange(1, 1) : n;
    responseFormats = responseFormats == null ? List.of("b64_json") : List.copyOf(responseFormats);
    extras = extras == null ? List.of() : List.copyOf(extras);
    refusedValues = refusedValues == null ? Map.of() : Map.copyOf(refusedValues);
    aspectRatios = aspectRatios == null ? List.of() : List.copyOf(aspectRatios);
    imageSizes = imageSizes == null ? List.of() : List.copyOf(imageSizes);
    priceTiers = priceTiers == null ? Map.of() : Map.copyOf(priceTiers);
    lifecycle = lifecycle == null ? Lifecycle.ACTIVE : lifecycle;
  }

  /** Whether the provider streams this model natively ({@link #streaming}, false when absent). */
  public boolean streams() {
    return Boolean.TRUE.equals(streaming);
  }

  /** What this model accepts, as the validator and router read it. */
  public Capabilities capabilities() {
    Allowed sizeAllowed = sizeRule != null
        ? Allowed.rule(sizeRule, sizes == null ? Set.of() : new LinkedHashSet<>(sizes)) : allowed(sizes);
    Set<ResponseFormat> formats = EnumSet.noneOf(ResponseFormat.class);
    responseFormats.forEach(f -> formats.add(ResponseFormat.parse(f)));
    Map<String, Set<String>> refused = new java.util.LinkedHashMap<>();
    refusedValues.forEach((key, values) -> refused.put(key, Set.copyOf(values)));
    Capabilities caps = new Capabilities(n.min(), n.max(), sizeAllowed, allowed(qualities), allowed(styles),
        formats, sendsResponseFormat == null || sendsResponseFormat, user == null || user, Set.copyOf(extras),
        Set.of(), refused, operationSet(), Map.of());
    if (operations.contains("edit")) {
      caps = caps.withOperation(Operation.EDIT, (edit == null ? EMPTY_SPEC : edit).limits());
    }
    if (operations.contains("variation")) {
      caps = caps.withOperation(Operation.VARIATION, (variation == null ? EMPTY_SPEC : variation).limits());
    }
    return caps.withMaxPromptChars(maxPromptChars);
  }

  /**
   * What one image at {@code quality} and {@code size} is expected to cost before the call: its output tokens
   * ({@code prices.image_tokens}, {@link ImageTokens#perImage}) at the {@code output_image} token price. Empty for a
   * model without both.
   */
  public Optional<BigDecimal> estimatedImageCost(String quality, String size) {
    if (prices == null || prices.imageTokens() == null || prices.perToken() == null
        || prices.perToken().outputImage() == null) {
      return Optional.empty();
    }
    OptionalLong tokens = prices.imageTokens().perImage(quality, size);
    return tokens.isEmpty() ? Optional.empty()
        : Optional.of(prices.perToken().outputImage().multiply(BigDecimal.valueOf(tokens.getAsLong())));
  }

  private static final InputSpec EMPTY_SPEC = new InputSpec(null, null, null, null, null, null, null, null, null, null);

  private Set<Operation> operationSet() {
    Set<Operation> out = EnumSet.noneOf(Operation.class);
    operations.forEach(op -> out.add(Operation.parse(op)));
    return out;
  }

  private static Allowed allowed(List<String> values) {
    if (values == null) {
      return Allowed.NONE;
    }
    return values.contains("*") ? Allowed.ANY : Allowed.oneOf(new LinkedHashSet<>(values));
  }
}
