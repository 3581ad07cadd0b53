package dev.imagegate.gateway.health;

import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.models.GroupAccess;
import dev.imagegate.provider.Secrets;
import dev.imagegate.router.Cooldowns;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Router;
import dev.imagegate.router.Traffic;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Health endpoints, LiteLLM's paths: liveness (the process answers), readiness (configuration loaded, store usable;
 * no auth, for load balancers) and {@code /health} (per deployment, authenticated, and cheap: it never pays for a
 * generation; it reports cooldowns and whether the deployment's endpoint accepts a TCP connection). {@code /health}
 * lists only the deployments of the model groups the caller may use (all of them for the master key), and shows each
 * {@code api_base} with its userinfo and secret-looking query values masked.
 */
public final class HealthEndpoints {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final Authenticator auth;
  private final Router router;
  private final GroupAccess access;
  private final Cooldowns cooldowns;
  private final Traffic traffic;
  private final Clock clock;
  private final Supplier<Map<String, Object>> readiness;

  /** @param readiness the parts of readiness other than the router (e.g. the store); each value "ok" when healthy */
  public HealthEndpoints(Authenticator auth, Router router, GroupAccess access, Cooldowns cooldowns, Traffic traffic,
                         Clock clock, Supplier<Map<String, Object>> readiness) {
    this.auth = auth;
    this.router = router;
    this.access = access;
    this.cooldowns = cooldowns;
    this.traffic = traffic;
    this.clock = clock;
    this.readiness = readiness;
  }

  public void liveness(Exchange exchange) throws IOException {
    exchange.json(200, "I'm alive!");
  }

  public void readiness(Exchange exchange) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> parts = readiness.get();
    boolean healthy = parts.values().stream().allMatch("ok"::equals);
    body.put("status", healthy ? "healthy" : "unhealthy");
    body.put("model_groups", router.groups().stream().filter(ModelGroup::imageCapable).count());
    body.put("deployments", router.groups().stream().mapToLong(g -> g.imageDeployments().size()).sum());
    body.putAll(parts);
    exchange.json(healthy ? 200 : 503, body);
  }

  public void health(Exchange exchange) throws Exception {
    Caller caller = auth.authenticate(exchange);
    List<Deployment> deployments = access.groupsFor(caller).stream().flatMap(g -> g.imageDeployments().stream())
        .toList();
    List<Map<String, Object>> healthy = new ArrayList<>();
    List<Map<String, Object>> unhealthy = new ArrayList<>();
    try (ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Map<String, Object>>> results = deployments.stream().map(d -> checks.submit(() -> check(d)))
          .toList();
      for (Future<Map<String, Object>> result : results) {
        Map<String, Object> entry = result.get();
        (entry.containsKey("error") ? unhealthy : healthy).add(entry);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("healthy_endpoints", healthy);
    body.put("unhealthy_endpoints", unhealthy);
    body.put("healthy_count", healthy.size());
    body.put("unhealthy_count", unhealthy.size());
    exchange.json(200, body);
  }

  private Map<String, Object> check(Deployment deployment) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("model_name", deployment.modelName());
    entry.put("model", deployment.model());
    entry.put("id", deployment.id());
    if (deployment.apiBase() != null) {
      entry.put("api_base", Secrets.maskUrl(deployment.apiBase()));
    }
    Instant now = clock.instant();
    if (deployment.rpm() != null) {
      entry.put("rpm", deployment.rpm());
    }
    entry.put("requests_this_minute", traffic.requestsThisMinute(deployment.id(), now));
    entry.put("in_flight", traffic.inFlight(deployment.id()));
    Optional<Instant> cooling = cooldowns.coolingUntil(deployment.id(), now);
    if (cooling.isPresent()) {
      entry.put("error", "cooling down after failures until " + cooling.get());
      return entry;
    }
    if (deployment.apiBase() == null) {
      entry.put("check", "not probed: uses the provider's default endpoint");
      return entry;
    }
    reachability(deployment.apiBase()).ifPresentOrElse(problem -> entry.put("error", problem),
        () -> entry.put("check", "endpoint accepts connections"));
    return entry;
  }

  /** Empty when a TCP connection to the base URL's host opens within the timeout; else what went wrong. */
  static Optional<String> reachability(String base) {
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      return Optional.of("api_base is not a URL");
    }
    if (uri.getHost() == null) {
      return Optional.of("api_base has no host");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot connect to " + uri.getHost() + ":" + port + ": " + e.getMessage());
    }
  }
}
