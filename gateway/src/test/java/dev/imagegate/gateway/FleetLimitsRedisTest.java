package dev.imagegate.gateway;

/** {@link FleetLimitsContract} with Redis: limits counted by one Lua script per call. */
class FleetLimitsRedisTest extends FleetLimitsContract {
  FleetLimitsRedisTest() {
    super(true);
  }
}
