package dev.imagegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.imagegate.testing.Catalogs;

/** Every bad input gets a precise error, and none of them reaches a provider. */
class BadInputTest {
  private final AtomicInteger sent = new AtomicInteger();
  private final HttpTransport countingTransport = request -> {
    sent.incrementAndGet();
    throw new AssertionError("no request may be sent for bad input");
  };
  private final ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).transport(countingTransport)
      .env(Env.of(Map.of("OPENAI_API_KEY", "sk-test"))).build();

  private BadRequest badRequest(ImageRequest.Builder request) {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate.generate(request.build()));
    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(sent).hasValue(0);
    return e;
  }

  @Test
  void blankPrompt() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> ImageRequest.builder("   ").build());

    assertThat(e.param()).isEqualTo("prompt");
    assertThat(e.getMessage()).contains("prompt is required");
  }

  @Test
  void nZero() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> ImageRequest.builder("x").n(0).build());

    assertThat(e.param()).isEqualTo("n");
  }

  @Test
  void nEleven() {
    BadRequest e = badRequest(ImageRequest.builder("x").model("gpt-image-1").n(11));

    assertThat(e.param()).isEqualTo("n");
    assertThat(e.getMessage()).contains("1..10");
  }

  @Test
  void dallE3WithTwoImages() {
    BadRequest e = badRequest(ImageRequest.builder("x").model("dall-e-3").n(2));

    assertThat(e.param()).isEqualTo("n");
    assertThat(e.getMessage()).contains("only 1");
  }

  @Test
  void sizeTheModelLacks() {
    BadRequest e = badRequest(ImageRequest.builder("x").model("dall-e-2").size("1792x1024"));

    assertThat(e.param()).isEqualTo("size");
    assertThat(e.getMessage()).contains("256x256, 512x512, 1024x1024");
  }

  @Test
  void malformedSize() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> ImageRequest.builder("x").size("big"));

    assertThat(e.param()).isEqualTo("size");
    assertThat(e.getMessage()).contains("WIDTHxHEIGHT");
  }

  @Test
  void unknownQuality() {
    BadRequest e = badRequest(ImageRequest.builder("x").model("dall-e-3").quality("ultra"));

    assertThat(e.param()).isEqualTo("quality");
    assertThat(e.getMessage()).contains("standard, hd");
  }

  @Test
  void styleOnGptImage() {
    BadRequest e = badRequest(ImageRequest.builder("x").model("gpt-image-1").style("vivid"));

    assertThat(e.param()).isEqualTo("style");
  }

  @Test
  void unknownResponseFormat() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> ImageRequest.builder("x").responseFormat("png"));

    assertThat(e.param()).isEqualTo("response_format");
    assertThat(e.getMessage()).contains("url, b64_json");
  }

  @Test
  void portableParameterSmuggledInExtras() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> ImageRequest.builder("x").extra("size", "1x1")
        .build());

    assertThat(e.param()).isEqualTo("size");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream", "partial_images"})
  void streamingFieldsInExtrasAreRefusedWithTheWayToStream(String field) {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> ImageRequest.builder("x").model("gpt-image-2")
        .extra(field, field.equals("stream") ? (Object) true : (Object) 2).build());

    assertThat(e.param()).isEqualTo(field);
    assertThat(e.getMessage()).contains("generateStreaming").contains("'" + field + "'");
    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void unknownProviderPrefix() {
    NotFound e = catchThrowableOfType(NotFound.class,
        () -> gate.generate(ImageRequest.builder("x").model("acme/painter").build()));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.getMessage()).contains("acme").contains("openai").contains("mock").contains("dall-e-3");
  }

  @Test
  void unknownBareModel() {
    NotFound e = catchThrowableOfType(NotFound.class,
        () -> gate.generate(ImageRequest.builder("x").model("dall-e-4").build()));

    assertThat(e.getMessage()).contains("Unknown model 'dall-e-4'").contains("gpt-image-1");
  }

  @Test
  void missingKey() {
    ImageGate noKeys = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .transport(countingTransport).env(Env.of(Map.of())).build();

    Authentication e = catchThrowableOfType(Authentication.class,
        () -> noKeys.generate(ImageRequest.builder("x").model("dall-e-3").build()));

    assertThat(e.getMessage()).contains("OPENAI_API_KEY").contains("apiKey");
    assertThat(sent).hasValue(0);
  }

  @Test
  void dropParamsDropsWhatTheModelCannotTake() {
    ImageRequest request = ImageRequest.builder("x").model("dall-e-3").n(2).quality("ultra").style("pop")
        .dropParams(true).build();

    ImageRequest checked = dev.imagegate.catalog.Catalog.bundled().find("openai", "dall-e-3").orElseThrow().entry()
        .capabilities().check(request, "openai/dall-e-3");

    assertThat(checked.n()).isNull();
    assertThat(checked.quality()).isNull();
    assertThat(checked.style()).isNull();
    assertThat(checked.prompt()).isEqualTo("x");
  }

  @Test
  void requestToStringHidesTheKey() {
    ImageRequest request = ImageRequest.builder("x").apiKey("sk-secret-value").build();

    assertThat(request.toString()).doesNotContain("sk-secret-value").contains("****");
  }
}
