package dev.imagegate.gateway;

import dev.imagegate.ImageData;
import dev.imagegate.ImageEvent;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Usage;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.InputLimits;
import dev.imagegate.provider.PartialImages;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.testing.Inputs;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A provider that streams natively, for gateway tests ({@code streamtest/<model>}): it sends the partial images asked
 * for, then answers one image with token usage (1,000 output image tokens, 10 input text tokens). The prompt steers
 * it: {@code fail-after-partial} fails upstream after one partial image; {@code hold} sends a partial image every
 * 20 ms until the caller goes away (then counts {@link #cancelled}). Thread-safe.
 */
final class PaintingStreamProvider implements Provider {
  static final long OUTPUT_TOKENS = 1000;
  static final long INPUT_TOKENS = 10;
  private static final Capabilities CAPABILITIES = new Capabilities(1, 4, Allowed.ANY, Allowed.ANY, Allowed.ANY,
      EnumSet.of(ResponseFormat.B64_JSON), false, true, Set.of(), Set.of())
      .withOperation(Operation.EDIT, InputLimits.PERMISSIVE);

  /** Counted down each time a held stream sees its caller gone (the upstream call is abandoned). */
  volatile CountDownLatch cancelled = new CountDownLatch(1);

  @Override
  public String name() {
    return "streamtest";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return CAPABILITIES;
  }

  @Override
  public boolean streams(ProviderCall call) {
    return true;
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    return answer(call);
  }

  @Override
  public ImageResponse edit(ProviderCall call) {
    return answer(call);
  }

  @Override
  public ImageResponse performStreaming(ProviderCall call, PartialImages partials) {
    String prompt = call.request().prompt();
    Operation operation = call.request().operation();
    if (prompt.contains("hold")) {
      try {
        for (int i = 0; i < 500; i++) {
          partials.accept(partial(operation, i));
          TimeUnit.MILLISECONDS.sleep(20);
        }
      } catch (Cancelled e) {
        cancelled.countDown();
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return answer(call);
    }
    for (int i = 0; i < partials.wanted(); i++) {
      partials.accept(partial(operation, i));
      if (prompt.contains("fail-after-partial")) {
        throw new UpstreamUnavailable("streamtest: the painter dropped its brush", 502, call.details(), null);
      }
    }
    return answer(call);
  }

  private static ImageEvent.PartialImage partial(Operation operation, int index) {
    return new ImageEvent.PartialImage(operation, index, ImageData.ofBytes(Inputs.pngOpaque(8, 8), null),
        1_700_000_000L + index, Map.of("size", "8x8", "quality", "low", "background", "opaque",
        "output_format", "png"));
  }

  private ImageResponse answer(ProviderCall call) {
    List<ImageData> images = new ArrayList<>();
    for (int i = 0; i < call.request().count(); i++) {
      images.add(ImageData.ofBytes(Inputs.pngOpaque(16, 16), null));
    }
    Usage usage = new Usage(INPUT_TOKENS, new Usage.InputTokensDetails(INPUT_TOKENS, 0), OUTPUT_TOKENS,
        INPUT_TOKENS + OUTPUT_TOKENS);
    return ImageResponse.of(call.clock().instant().getEpochSecond(), images, usage, Map.of("size", "16x16",
        "quality", "low", "background", "opaque", "output_format", "png"), name(), call.model());
  }
}
