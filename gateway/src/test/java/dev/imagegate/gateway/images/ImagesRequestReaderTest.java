package dev.imagegate.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.ResponseFormat;
import dev.imagegate.error.BadRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImagesRequestReaderTest {

  private static ImagesCall read(String json) {
    return ImagesRequestReader.read(json.getBytes(StandardCharsets.UTF_8), null, model -> Set.of());
  }

  /** The status and param of the error {@code json} gets. */
  private static String failure(String json) {
    Throwable e = catchThrowable(() -> read(json));
    return switch (e) {
      case BadRequest bad -> bad.status() + " " + bad.param() + " " + bad.getMessage();
      case null -> "accepted";
      default -> throw new AssertionError("unexpected " + e, e);
    };
  }

  @Test
  void streamAndPartialImagesAreTheCallsNotTheProvidersExtras() {
    ImagesCall call = read("{\"prompt\":\"x\",\"stream\":true,\"partial_images\":2,\"seed\":7}");

    assertThat(call.stream()).isEqualTo(new StreamRequest(true, 2));
    assertThat(call.request().extras()).containsOnlyKeys("seed");
    assertThat(read("{\"prompt\":\"x\"}").stream()).isEqualTo(StreamRequest.NONE);
    assertThat(read("{\"prompt\":\"x\",\"stream\":null,\"partial_images\":null}").stream())
        .isEqualTo(StreamRequest.NONE);
    assertThat(read("{\"prompt\":\"x\",\"stream\":false,\"partial_images\":3}").stream().on()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"prompt\":\"x\",\"stream\":true,\"partial_images\":4}     | 400 partial_images Invalid partial_images 4: expected an integer from 0 to 3",
      "{\"prompt\":\"x\",\"stream\":true,\"partial_images\":\"1\"} | 400 partial_images Invalid type for 'partial_images': expected an integer, but got a string",
      "{\"prompt\":\"x\",\"stream\":\"true\"}                      | 400 stream Invalid type for 'stream': expected true or false, but got a string",
      "{\"prompt\":\"x\",\"stream\":[true]}                         | 400 stream Invalid type for 'stream': expected true or false, but got an array"})
  void badStreamFieldsNameTheField(String json, String expected) {
    assertThat(failure(json)).isEqualTo(expected);
  }

  @Test
  void readsEveryPortableFieldAndPassesTheRestThrough() {
    ImagesCall call = read("{\"prompt\":\"a fox\",\"model\":\"dall-e-3\",\"n\":1,\"size\":\"1792x1024\","
        + "\"quality\":\"hd\",\"style\":\"vivid\",\"response_format\":\"b64_json\",\"user\":\"u1\",\"timeout\":2.5,"
        + "\"drop_params\":true,\"background\":\"transparent\",\"seed\":7,\"tags\":[\"eu\"],"
        + "\"metadata\":{\"tags\":[\"batch\"],\"team\":\"a\"},\"guardrails\":[\"pii\"]}");

    var request = call.request();
    assertThat(request.prompt()).isEqualTo("a fox");
    assertThat(request.model()).isEqualTo("dall-e-3");
    assertThat(request.n()).isEqualTo(1);
    assertThat(request.size().wire()).isEqualTo("1792x1024");
    assertThat(request.quality()).isEqualTo("hd");
    assertThat(request.style()).isEqualTo("vivid");
    assertThat(request.responseFormat()).isEqualTo(ResponseFormat.B64_JSON);
    assertThat(request.user()).isNull();
    assertThat(request.endUser()).isEqualTo("u1");
    assertThat(request.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(request.dropParams()).isTrue();
    assertThat(request.extras()).isEqualTo(Map.of("background", "transparent", "seed", 7));
    assertThat(request.tags()).containsExactly("eu", "batch");
    assertThat(call.guardrails()).containsExactly("pii");
    assertThat(call.modelGiven()).isTrue();
  }

  @Test
  void thePathModelWinsOverTheBody() {
    ImagesCall call = ImagesRequestReader.read("{\"prompt\":\"x\",\"model\":\"other\"}".getBytes(
        StandardCharsets.UTF_8), "my-deployment", model -> Set.of());
    assertThat(call.request().model()).isEqualTo("my-deployment");
  }

  @Test
  void noModelIsReported() {
    assertThat(read("{\"prompt\":\"x\"}").modelGiven()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"prompt\":\"x\",\"n\":\"2\"}                 | 400 n Invalid type for 'n': expected an integer, but got a string",
      "{\"prompt\":\"x\",\"n\":1.5}                   | 400 n Invalid type for 'n': expected an integer, but got a decimal number",
      "{\"prompt\":\"x\",\"n\":0}                     | 400 n Invalid n 0: at least one image must be requested",
      "{\"prompt\":\"x\",\"n\":99999999999}           | 400 n Invalid n 99999999999: too large",
      "{\"prompt\":\"x\",\"size\":1024}               | 400 size Invalid type for 'size': expected a string, but got an integer",
      "{\"prompt\":\"x\",\"size\":\"big\"}            | 400 size Invalid size 'big': expected WIDTHxHEIGHT (e.g. 1024x1024), an aspect ratio (e.g. 16:9) or auto",
      "{\"prompt\":\"x\",\"response_format\":\"png\"} | 400 response_format Invalid response_format 'png': allowed values are url, b64_json",
      "{\"prompt\":\"x\",\"quality\":true}            | 400 quality Invalid type for 'quality': expected a string, but got a boolean",
      "{\"prompt\":\"x\",\"timeout\":-1}              | 400 timeout Invalid type for 'timeout': expected a positive number of seconds, but got an integer",
      "{\"prompt\":\"x\",\"tags\":\"eu\"}             | 400 tags Invalid type for 'tags': expected an array of strings, but got a string",
      "{\"prompt\":\"x\",\"drop_params\":\"yes\"}     | 400 drop_params Invalid type for 'drop_params': expected true or false, but got a string",
      "{\"prompt\":\"   \"}                           | 400 prompt 'prompt' is required and must not be blank",
      "{\"prompt\":[\"x\"]}                           | 400 prompt Invalid type for 'prompt': expected a string, but got an array",
      "{\"model\":\"dall-e-3\"}                       | 400 prompt prompt is required and must not be blank",
      "[1,2]                                          | 400 null The request body must be a JSON object",
      "{\"prompt\":\"x\",                             | 400 null We could not parse the JSON body of your request: Unexpected end-of-input within/between Object entries (line 1, column 15)",
  })
  void badInputGetsAPreciseError(String json, String expected) {
    assertThat(failure(json.strip())).isEqualTo(expected.strip());
  }

  @Test
  void emptyBodyIsRefused() {
    assertThat(failure("")).startsWith("400 null The request body is empty");
  }

  @ParameterizedTest
  @CsvSource({"api_key", "api_base", "base_url", "api_version", "aws_secret_access_key", "aws_bedrock_runtime_endpoint",
      "vertex_credentials", "azure_ad_token", "base_model", "input_cost_per_image", "API_KEY"})
  void credentialsEndpointsAndPricesCannotComeFromClients(String field) {
    String json = "{\"prompt\":\"x\",\"" + field + "\":\"http://169.254.169.254/\"}";
    assertThat(failure(json)).startsWith("400 " + field + " '" + field + "' cannot be set by clients");
  }

  @Test
  void anOperatorMayAllowAProtectedFieldPerModel() {
    ImagesCall call = ImagesRequestReader.read(("{\"prompt\":\"x\",\"model\":\"local\",\"api_base\":\"http://local\","
        + "\"aws_region_name\":\"eu-west-1\"}").getBytes(StandardCharsets.UTF_8), null,
        model -> model.equals("local") ? Set.of("api_base", "aws_region_name") : Set.of());
    assertThat(call.request().apiBase()).isEqualTo("http://local");
    assertThat(List.copyOf(call.request().extras().keySet())).containsExactly("aws_region_name");
    assertThat(catchThrowable(() -> ImagesRequestReader.read("{\"prompt\":\"x\",\"model\":\"other\",\"api_base\":\"h\"}"
        .getBytes(StandardCharsets.UTF_8), null, model -> model.equals("local") ? Set.of("api_base") : Set.of())))
        .isInstanceOf(BadRequest.class).hasMessageContaining("'api_base' cannot be set by clients");
  }
}
