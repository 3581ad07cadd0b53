package dev.imagegate.router;

import dev.imagegate.ImageRequest;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.catalog.Lifecycle;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.Provider;
import java.util.Optional;

/**
 * A deployment resolved once, when the router is built: its parsed model, its provider, its catalogue entry, what it
 * accepts, the model its prices come from and its catalogue lifecycle. Nothing on the request path parses a model
 * string or looks a provider up again. Immutable.
 *
 * @param capabilities what the deployment's model accepts; null when looking them up refused the deployment
 *     ({@code refusal} then says why, e.g. a Recraft model the catalogue does not know)
 * @param refusal why no request can be served here, or null
 * @param perRequest whether capabilities must be looked up per request because clients may set the deployment's
 *     provider settings ({@code configurable_clientside_auth_params})
 */
public record Target(Deployment deployment, ModelRef ref, Provider provider, Optional<Catalog.Found> entry,
                     Capabilities capabilities, ImageGateException refusal, ModelRef pricedAs, Lifecycle lifecycle,
                     boolean perRequest) {

  public String id() {
    return deployment.id();
  }

  /** The lifecycle with the deployment's (or request's) own {@code deprecation_date}/{@code shutdown_date} winning. */
  Lifecycle lifecycleFor(ImageRequest request) {
    return lifecycle.overriddenBy(request.extras());
  }
}
