package dev.imagegate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.ImageData;
import dev.imagegate.ImageResponse;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenAiResponseReaderTest {
  private static ImageResponse read(String body) throws IOException {
    return OpenAiMapping.fromBody(body.getBytes(StandardCharsets.UTF_8), "openai", "m", 99, null);
  }

  @Test
  void largeBase64RoundTripsByteForByte() throws IOException {
    byte[] image = new byte[1_500_000];
    new Random(7).nextBytes(image);
    String b64 = Base64.getEncoder().encodeToString(image);
    String body = "{\"created\":5,\"data\":[{\"b64_json\":\"" + b64 + "\",\"revised_prompt\":\"r\"},"
        + "{\"url\":\"https://x/1.png\"}],\"usage\":{\"input_tokens\":1.6,\"output_tokens\":2,\"total_tokens\":3.5}}";

    ImageResponse response = read(body);

    assertThat(response.created()).isEqualTo(5);
    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).bytes()).isEqualTo(image);
    assertThat(response.data().get(0).b64Json()).isEqualTo(b64);
    assertThat(response.data().get(0).base64Length()).isEqualTo(b64.length());
    assertThat(response.data().get(0).revisedPrompt()).isEqualTo("r");
    assertThat(response.data().get(1).url()).isEqualTo("https://x/1.png");
    assertThat(response.usage().inputTokens()).isEqualTo(2);
    assertThat(response.usage().totalTokens()).isEqualTo(4);
    assertThat(Fixtures.tree(response.toOpenAiJson()).path("data").get(0).path("b64_json").asText()).isEqualTo(b64);
  }

  @Test
  void escapedBase64IsUnescapedForBytesAndStaysValidJsonOnTheWayOut() throws IOException {
    byte[] png = Base64.getDecoder().decode(MockServers.PNG_1X1);
    String escaped = MockServers.PNG_1X1.replace("/", "\\/").substring(0, 20) + "\\n"
        + MockServers.PNG_1X1.replace("/", "\\/").substring(20);

    ImageResponse response = read("{\"data\":[{\"b64_json\":\"" + escaped + "\"}]}");

    ImageData image = response.data().get(0);
    assertThat(image.bytes()).isEqualTo(png);
    assertThat(image.b64Json()).doesNotContain("\\");
    assertThat(Base64.getMimeDecoder().decode(Fixtures.tree(response.toOpenAiJson()).path("data").get(0)
        .path("b64_json").asText())).isEqualTo(png);
    assertThat(response.created()).isEqualTo(99);
  }

  @Test
  void unknownFieldsOfAnyShapeAreSkipped() throws IOException {
    ImageResponse response = read("{\"id\":\"x\",\"content_filter_results\":{\"a\":[1,{\"b\":null}]},\"data\":"
        + "[{\"content_filter_results\":{\"hate\":{\"filtered\":false}},\"b64_json\":\"" + MockServers.PNG_1X1
        + "\"}],\"background\":\"opaque\",\"size\":\"1024x1024\",\"extra\":[true]}");

    assertThat(response.data()).hasSize(1);
    assertThat(response.openAiFields()).containsEntry("background", "opaque").containsEntry("size", "1024x1024");
  }

  @Test
  void malformedBodiesAreRefused() {
    assertThatThrownBy(() -> read("{\"data\":[{\"b64_json\":\"iVBORw0")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("{\"data\":[{\"url\":\"u\"}]} trailing")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("[1]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("images response object");
    assertThatThrownBy(() -> read("{\"data\":{}}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> read("{\"data\":[1]}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data items that are objects");
    assertThatThrownBy(() -> read("{\"data\":[{\"b64_json\":\"\"}]}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b64_json or url");
    assertThatThrownBy(() -> read("{\"created\":1}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty data array");
  }

  @Test
  void longStringsCutBeforeTokenizingKeepTheirTextInEveryField() throws IOException {
    String longUrl = "https://cdn.example/" + "a".repeat(3000) + ".png";
    String longPrompt = "p".repeat(2000);
    String longSize = "s".repeat(1500);
    String b64 = Base64.getEncoder().encodeToString(new byte[6000]);

    ImageResponse response = read("{\"data\":[{\"url\":\"" + longUrl + "\",\"revised_prompt\":\"" + longPrompt
        + "\"},{\"b64_json\":\"" + b64 + "\",\"ignored\":\"" + "i".repeat(5000) + "\"}],\"size\":\"" + longSize + "\"}");

    assertThat(response.data().get(0).url()).isEqualTo(longUrl);
    assertThat(response.data().get(0).revisedPrompt()).isEqualTo(longPrompt);
    assertThat(response.data().get(1).b64Json()).isEqualTo(b64);
    assertThat(response.openAiFields()).containsEntry("size", longSize);
  }

  @Test
  void stringsAfterCutOnesAreSlicedAtTheirPlaceInTheBody() throws IOException {
    byte[] first = new byte[3000];
    new Random(1).nextBytes(first);
    byte[] png = Base64.getDecoder().decode(MockServers.PNG_1X1);
    String escaped = MockServers.PNG_1X1.replace("/", "\\/");
    String longEscaped = Base64.getEncoder().encodeToString(first).replace("/", "\\/");

    ImageResponse response = read("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(first)
        + "\"},{\"b64_json\":\"" + escaped + "\"},{\"b64_json\":\"" + longEscaped + "\"}],\"created\":7}");

    assertThat(response.data().get(0).bytes()).isEqualTo(first);
    assertThat(response.data().get(1).bytes()).isEqualTo(png);
    assertThat(response.data().get(2).bytes()).isEqualTo(first);
    assertThat(response.created()).isEqualTo(7);
    assertThat(Fixtures.tree(response.toOpenAiJson()).path("data").get(2).path("b64_json").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(first));
  }

  @Test
  void longStringsThatAreNotPlainAsciiAreStillReadAndJudgedByTheTokenizer() throws IOException {
    String prompt = "é".repeat(1500);

    assertThat(read("{\"data\":[{\"url\":\"u\",\"revised_prompt\":\"" + prompt + "\"}]}").data().get(0)
        .revisedPrompt()).isEqualTo(prompt);
    assertThatThrownBy(() -> read("{\"data\":[{\"b64_json\":\"" + "A".repeat(2000) + "\n" + "A".repeat(2000)
        + "\"}]}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("{\"data\":[{\"b64_json\":\"" + "A".repeat(4000)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("{\"data\":[{\"b64_json\":\"" + "A".repeat(4000) + "\"}]"))
        .isInstanceOf(IOException.class);
  }
}
