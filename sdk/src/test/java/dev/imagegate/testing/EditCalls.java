package dev.imagegate.testing;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.JdkHttpTransport;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.UrlFetch;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Runs an edit or variation the way the pipeline will: the model's capabilities check the request (refusing before
 * anything is sent), then the provider performs the checked request. Until {@code ImageGate.edit} exists, provider
 * tests drive edits through this.
 */
public final class EditCalls {
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
  private static final JdkHttpTransport TRANSPORT = new JdkHttpTransport();

  private EditCalls() {
  }

  public static ProviderCall call(Provider provider, String model, ImageRequest request, Map<String, String> env) {
    return call(provider, model, request, env, TRANSPORT);
  }

  public static ProviderCall call(Provider provider, String model, ImageRequest request, Map<String, String> env,
                                  HttpTransport transport) {
    return new ProviderCall(new ModelRef(provider.name(), model), request, Env.of(env), transport, CLOCK,
        UrlFetch.DEFAULTS, Catalogs.WITHOUT_LIFECYCLES);
  }

  /** Checks {@code request} against {@code model}'s capabilities, then performs it. */
  public static ImageResponse run(Provider provider, String model, ImageRequest request, Map<String, String> env) {
    return run(provider, model, request, env, TRANSPORT);
  }

  /** {@link #run} over {@code transport} (the gateway runs the edit contracts over its Jetty transport). */
  public static ImageResponse run(Provider provider, String model, ImageRequest request, Map<String, String> env,
                                  HttpTransport transport) {
    ProviderCall call = call(provider, model, request, env, transport);
    ImageRequest checked = provider.capabilities(call).check(request, provider.name() + "/" + model);
    return provider.perform(call.withRequest(checked));
  }

}
