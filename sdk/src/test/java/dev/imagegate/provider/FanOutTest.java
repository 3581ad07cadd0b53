package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FanOutTest {

  private static ImageResponse one(int index, long tokens) {
    return ImageResponse.of(100 + index, List.of(ImageData.ofUrl("https://x/" + index, null, null)),
        new Usage(tokens, null, tokens * 2, tokens * 3), Map.of(), "p", "m");
  }

  @Test
  void mergesImagesInCallOrderAndSumsUsage() {
    ImageResponse merged = FanOut.merge(3, i -> one(i, i + 1));

    assertThat(merged.data()).extracting(ImageData::url).containsExactly("https://x/0", "https://x/1", "https://x/2");
    assertThat(merged.usage().inputTokens()).isEqualTo(6);
    assertThat(merged.usage().outputTokens()).isEqualTo(12);
    assertThat(merged.created()).isEqualTo(100);
    assertThat(merged.cost().priced()).isFalse();
  }

  @Test
  void runsTheCallsConcurrently() throws Exception {
    CountDownLatch allStarted = new CountDownLatch(4);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    ImageResponse merged = FanOut.merge(4, i -> {
      threads.add(Thread.currentThread().toString());
      allStarted.countDown();
      try {
        // every call waits for the others: only possible when they run at the same time
        assertThat(allStarted.await(5, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return one(i, 0);
    });
    assertThat(merged.data()).hasSize(4);
    assertThat(threads).hasSize(4);
  }

  @Test
  void addsProviderReportedCostsOnlyWhenEveryPartHasOne() {
    ImageResponse all = FanOut.merge(2, i -> one(i, 0).withCost(Cost.reported(new BigDecimal("0.0125"))));
    assertThat(all.cost()).isEqualTo(Cost.reported(new BigDecimal("0.025")));

    ImageResponse some = FanOut.merge(2, i -> i == 0 ? one(i, 0).withCost(Cost.reported(BigDecimal.ONE)) : one(i, 0));
    assertThat(some.cost().priced()).isFalse();
  }

  @Test
  void theFirstFailureInCallOrderIsThrownAsIs() {
    assertThatThrownBy(() -> FanOut.merge(3, i -> {
      if (i == 1) {
        throw new ContentPolicyViolation("blocked", ImageGateException.Details.of("p"));
      }
      return one(i, 0);
    })).isInstanceOf(ContentPolicyViolation.class).hasMessage("blocked");
  }

  @Test
  void oneCallRunsOnTheCallersThread() {
    Thread caller = Thread.currentThread();
    FanOut.merge(1, i -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      return one(i, 0);
    });
  }
}
