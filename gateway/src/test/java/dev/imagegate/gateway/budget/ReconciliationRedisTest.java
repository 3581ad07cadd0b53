package dev.imagegate.gateway.budget;

import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.shared.SharedState;
import dev.imagegate.gateway.testing.Redis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link ReconciliationContract} on the real Redis (a namespace of its own per test). */
class ReconciliationRedisTest extends ReconciliationContract {
  final String namespace = Redis.newNamespace();
  final List<SharedState> opened = new ArrayList<>();

  @BeforeAll
  static void redis() {
    Redis.require("ReconciliationRedisTest");
  }

  @AfterEach
  void close() {
    opened.forEach(SharedState::close);
    Redis.clear(namespace);
  }

  @Override
  FleetLimits fleet() {
    SharedState state = SharedState.redis(Redis.settings(namespace), clock, warning -> { });
    opened.add(state);
    return state.limits();
  }
}
