package dev.imagegate.router;

import dev.imagegate.catalog.Catalog;
import java.util.Optional;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.ProviderCall;
import java.io.IOException;
import java.time.Clock;

/** {@link Upstream} through {@link ImageGate}: capabilities and pricing come from the gate's provider registry. */
final class GateUpstream implements Upstream {
  private static final HttpTransport NO_IO = request -> {
    throw new IOException("capabilities and prices are looked up without I/O");
  };

  private final ImageGate gate;
  private final Env env;
  private final Clock clock;

  GateUpstream(ImageGate gate, Env env, Clock clock) {
    this.gate = gate;
    this.env = env;
    this.clock = clock;
  }

  @Override
  public ModelRef resolve(ImageRequest request) {
    return gate.providers().resolve(request.model(), request.customProvider());
  }

  @Override
  public Capabilities capabilities(ImageRequest request) {
    ProviderCall call = call(request);
    return gate.providers().get(call.provider()).capabilities(call);
  }

  @Override
  public ModelRef pricedAs(ImageRequest request) {
    ProviderCall call = call(request);
    return gate.providers().get(call.provider()).pricedAs(call);
  }

  @Override
  public Optional<Catalog.Found> describedBy(ImageRequest request) {
    ProviderCall call = call(request);
    return gate.providers().get(call.provider()).describedBy(call);
  }

  @Override
  public ImageResponse generate(ImageRequest request) {
    return gate.generate(request);
  }

  private ProviderCall call(ImageRequest request) {
    return new ProviderCall(resolve(request), request, env, NO_IO, clock, dev.imagegate.provider.UrlFetch.DEFAULTS,
        gate.catalog());
  }
}
