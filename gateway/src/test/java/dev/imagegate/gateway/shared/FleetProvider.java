package dev.imagegate.gateway.shared;

import dev.imagegate.ImageData;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.mock.MockProvider;
import dev.imagegate.testing.MockServers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider named {@code fleet} that the routers of several "gateways" call: {@code fleet/down} always fails with a
 * 503, every other model answers one tiny PNG at once. Counts the calls per model across all routers.
 */
final class FleetProvider implements Provider {
  private final Provider mock = new MockProvider();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "fleet";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return mock.capabilities(call);
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    calls.computeIfAbsent(call.model(), k -> new AtomicInteger()).incrementAndGet();
    if (call.model().equals("down")) {
      throw new UpstreamUnavailable("fleet/down is down", 503, call.details(), null);
    }
    return ImageResponse.of(call.clock().instant().getEpochSecond(),
        List.of(ImageData.ofBase64(MockServers.PNG_1X1, null)), Usage.NONE, Map.of(), name(), call.model());
  }

  int calls(String model) {
    AtomicInteger count = calls.get(model);
    return count == null ? 0 : count.get();
  }
}
