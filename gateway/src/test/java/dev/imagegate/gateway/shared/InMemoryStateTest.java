package dev.imagegate.gateway.shared;

import dev.imagegate.router.Cooldowns;
import dev.imagegate.router.Traffic;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/** The contracts on the per-process state {@link SharedState#inMemory()} gives when no Redis is configured. */
class InMemoryStateTest {
  @Nested
  class CooldownsInMemory extends CooldownsContract {
    @Override
    Cooldowns cooldowns(Clock clock) {
      return SharedState.inMemory().cooldowns();
    }
  }

  @Nested
  class TrafficInMemory extends TrafficContract {
    @Override
    Traffic traffic(Clock clock) {
      return SharedState.inMemory().traffic();
    }
  }
}
