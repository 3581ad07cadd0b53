package dev.imagegate.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a deployment turns a caller's request into the one it sends. */
class DeploymentRequestTest {
  private static final Duration ROUTER_TIMEOUT = Duration.ofSeconds(600);

  private static Deployment deployment(Set<String> clientParams) {
    return Deployment.builder("images", "openai/flux").apiBase("http://operator/v1").apiKey("sk-operator")
        .apiVersion("2024-01-01").settings(Map.of("aws_region_name", "us-east-1", "seed", 1))
        .clientParams(clientParams).build();
  }

  private static ImageRequest caller() {
    return ImageRequest.builder("x").model("images").apiBase("http://169.254.169.254/").apiKey("sk-client")
        .apiVersion("v1").extra("aws_region_name", "eu-west-1").extra("seed", 2).build();
  }

  @Test
  void credentialsEndpointsAndSettingsComeFromTheDeployment() {
    ImageRequest sent = deployment(Set.of()).requestFor(caller(), ROUTER_TIMEOUT, false);

    assertThat(sent.model()).isEqualTo("openai/flux");
    assertThat(sent.apiBase()).isEqualTo("http://operator/v1");
    assertThat(sent.apiKey()).isEqualTo("sk-operator");
    assertThat(sent.apiVersion()).isEqualTo("2024-01-01");
    assertThat(sent.extras()).containsEntry("aws_region_name", "us-east-1").containsEntry("seed", 1);
  }

  @Test
  void fieldsTheOperatorOpensToClientsTakeTheCallersValue() {
    ImageRequest sent = deployment(Set.of("api_base", "api_key", "aws_region_name"))
        .requestFor(caller(), ROUTER_TIMEOUT, false);

    assertThat(sent.apiBase()).isEqualTo("http://169.254.169.254/");
    assertThat(sent.apiKey()).isEqualTo("sk-client");
    assertThat(sent.apiVersion()).isEqualTo("2024-01-01");
    assertThat(sent.extras()).containsEntry("aws_region_name", "eu-west-1").containsEntry("seed", 1);
  }

  @Test
  void anOpenFieldTheCallerLeavesOutKeepsTheDeploymentsValue() {
    ImageRequest sent = deployment(Set.of("api_base", "aws_region_name"))
        .requestFor(ImageRequest.builder("x").model("images").build(), ROUTER_TIMEOUT, false);

    assertThat(sent.apiBase()).isEqualTo("http://operator/v1");
    assertThat(sent.extras()).containsEntry("aws_region_name", "us-east-1");
  }
}
