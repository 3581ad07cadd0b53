package dev.imagegate.router;

import dev.imagegate.catalog.Catalog;
import java.util.Optional;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ModelRef;
import java.time.Clock;

/**
 * The router's seam to the providers: one deployment's request in, one response or typed failure out. The default,
 * {@link #of}, goes through {@link ImageGate} so providers stay unchanged. Implementations are thread-safe.
 */
public interface Upstream {
  /** Parses the request's model string; {@code NotFound} when no provider has it. */
  ModelRef resolve(ImageRequest request);

  /** What the request's model accepts (no I/O). */
  Capabilities capabilities(ImageRequest request);

  /** The model whose prices apply to the request ({@code Provider.pricedAs}). */
  ModelRef pricedAs(ImageRequest request);

  /** The catalogue entry describing the request's model ({@code Provider.describedBy}); empty when none does. */
  default Optional<Catalog.Found> describedBy(ImageRequest request) {
    return Optional.empty();
  }

  /** Sends the request; throws the typed {@code ImageGateException} of the failure. */
  ImageResponse generate(ImageRequest request);

  /** Calls through {@code gate}; {@code env} and {@code clock} are the ones {@code gate} was built with. */
  static Upstream of(ImageGate gate, Env env, Clock clock) {
    return new GateUpstream(gate, env, clock);
  }
}
