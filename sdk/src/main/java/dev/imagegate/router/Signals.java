package dev.imagegate.router;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** What a {@link Strategy} may weigh when choosing, for the request being routed. */
public interface Signals {
  RandomGenerator random();

  /** Calls to the deployment that have started and not finished. */
  int inFlight(Deployment deployment);

  /** The moving average of its recent latencies; empty before its first measured call. */
  Optional<Duration> latency(Deployment deployment);

  /** Requests it took in the current minute. */
  long requestsThisMinute(Deployment deployment);

  /** The estimated USD for this request on the deployment; empty when it cannot be priced. */
  Optional<BigDecimal> price(Deployment deployment);
}
