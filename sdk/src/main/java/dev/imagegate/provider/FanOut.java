package dev.imagegate.provider;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Serves {@code n} images from a provider that draws one (or a fixed few) per call: runs the calls in parallel on
 * virtual threads and merges the answers in call order (images concatenated, usage summed, provider-reported costs
 * added). When any call fails, the others are cancelled and the first failure in call order is thrown.
 */
public final class FanOut {
  private FanOut() {
  }

  /**
   * Runs {@code call.apply(i)} for {@code i} in {@code 0..calls-1} and merges the results. One call runs on the
   * caller's thread with no executor.
   */
  public static ImageResponse merge(int calls, IntFunction<ImageResponse> call) {
    if (calls < 1) {
      throw new IllegalArgumentException("calls must be at least 1");
    }
    if (calls == 1) {
      return call.apply(0);
    }
    List<ImageResponse> results = new ArrayList<>(calls);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<ImageResponse>> futures = new ArrayList<>(calls);
      for (int i = 0; i < calls; i++) {
        int index = i;
        futures.add(executor.submit(() -> call.apply(index)));
      }
      for (Future<ImageResponse> future : futures) {
        results.add(await(future, futures));
      }
    }
    return combine(results);
  }

  private static ImageResponse await(Future<ImageResponse> future, List<Future<ImageResponse>> all) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      all.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof ImageGateException failure) {
        throw failure;
      }
      throw new Internal("A parallel provider call failed: " + e.getCause(), null, e.getCause());
    } catch (InterruptedException e) {
      all.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new Internal("Interrupted while waiting for parallel provider calls", null, e);
    }
  }

  /** Merges answers of one logical call: the first one's metadata, every image, the summed usage and cost. */
  static ImageResponse combine(List<ImageResponse> parts) {
    ImageResponse first = parts.get(0);
    List<ImageData> images = new ArrayList<>();
    Usage usage = Usage.NONE;
    Map<String, Object> fields = new LinkedHashMap<>();
    BigDecimal reported = BigDecimal.ZERO;
    boolean allReported = true;
    for (ImageResponse part : parts) {
      images.addAll(part.data());
      usage = usage.plus(part.usage());
      part.openAiFields().forEach(fields::putIfAbsent);
      if (part.cost().source() == Cost.Source.PROVIDER) {
        reported = reported.add(part.cost().usd().orElseThrow());
      } else {
        allReported = false;
      }
    }
    ImageResponse merged = ImageResponse.of(first.created(), images, usage, fields, first.provider(),
        first.model());
    return allReported ? merged.withCost(Cost.reported(reported)) : merged;
  }
}
