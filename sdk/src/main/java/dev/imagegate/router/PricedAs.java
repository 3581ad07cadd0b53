package dev.imagegate.router;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.ModelRef;

/**
 * The model whose prices apply to a deployment's call: its {@code base_model} when set (a bare name is taken under the
 * deployment's own provider, e.g. {@code gpt-image-1} on an Azure deployment is {@code azure/gpt-image-1}), else what
 * the provider says ({@code Provider.pricedAs}).
 */
final class PricedAs {
  private PricedAs() {
  }

  static ModelRef of(Upstream upstream, Deployment deployment, ImageRequest request) {
    if (deployment.baseModel() == null) {
      return upstream.pricedAs(request);
    }
    String provider = upstream.resolve(request).provider();
    String base = deployment.baseModel();
    if (base.indexOf('/') > 0) {
      try {
        return upstream.resolve(request.toBuilder().model(base).customProvider(null).build());
      } catch (NotFound e) {
        return new ModelRef(provider, base);
      }
    }
    return new ModelRef(provider, base);
  }
}
