package dev.imagegate.provider.openai;

import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderHttp;
import java.net.URI;
import java.util.Map;

/** Downloads an image a provider returned as a URL, through the call's transport. */
final class Download {
  private Download() {
  }

  static byte[] bytes(ProviderCall call, URI uri) {
    HttpTransport.Response response = ProviderHttp.send(call,
        new HttpTransport.Request("GET", uri, Map.of("User-Agent", ProviderHttp.USER_AGENT), null, call.timeout()));
    if (!response.ok()) {
      throw new UpstreamUnavailable("Downloading the image from " + call.provider() + " failed with HTTP "
          + response.status(), response.status(), ProviderHttp.detailsOf(call, response), null);
    }
    return response.body();
  }
}
