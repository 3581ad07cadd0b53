package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK and google-auth-library are optional dependencies of the SDK: a JVM whose classpath lacks them still
 * generates with every other provider, and Bedrock and Vertex calls fail with a BadRequest naming what to add.
 */
class OptionalLibrariesTest {
  /** Run in the child JVM: one mock generation, then one call each to Vertex and Bedrock. */
  public static void main(String[] args) {
    dev.imagegate.ImageGate gate = dev.imagegate.ImageGate.builder().env(Env.of(java.util.Map.of(
        "AWS_REGION", "us-east-1", "VERTEXAI_PROJECT", "p"))).build();
    System.out.println("mock: " + gate.generate(dev.imagegate.ImageRequest.builder("x").model("mock/demo")
        .size("8x8").build()).data().size());
    for (String model : List.of("vertex_ai/gemini-3.1-flash-image", "bedrock/amazon.nova-canvas-v1:0")) {
      try {
        gate.generate(dev.imagegate.ImageRequest.builder("x").model(model).build());
        System.out.println(model + ": generated?!");
      } catch (dev.imagegate.error.ImageGateException e) {
        System.out.println(model + ": " + e.getClass().getSimpleName() + " " + e.status() + " " + e.getMessage());
      }
    }
  }

  @Test
  void withoutTheOptionalLibrariesOnlyBedrockAndVertexRefuseNamingTheArtifacts() throws Exception {
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("software" + File.separator + "amazon")
            && !entry.contains("com" + File.separator + "google" + File.separator + "auth"))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(classpath).doesNotContain("awssdk").doesNotContain("google-auth-library");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", classpath, OptionalLibrariesTest.class.getName())
        .redirectErrorStream(true).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("mock: 1");
    assertThat(output).contains("vertex_ai/gemini-3.1-flash-image: BadRequest 400 vertex_ai/ models need "
        + "com.google.auth:google-auth-library-oauth2-http:");
    assertThat(output).contains("bedrock/amazon.nova-canvas-v1:0: BadRequest 400 bedrock/ models need "
        + "software.amazon.awssdk:http-auth-aws:").contains("software.amazon.awssdk:sts:");
    assertThat(output).doesNotContain("NoClassDefFoundError").doesNotContain("generated?!");
  }

  @Test
  void theNamedVersionsAreTheOnesTheBuildUses() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    assertThat(ProviderRegistry.GOOGLE_AUTH).endsWith(":" + property(pom, "google-auth.version"));
    assertThat(ProviderRegistry.AWS).allMatch(a -> a.endsWith(":" + property(pom, "awssdk.version")));
  }

  private static String property(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertThat(m.find()).as(name).isTrue();
    return m.group(1);
  }
}
