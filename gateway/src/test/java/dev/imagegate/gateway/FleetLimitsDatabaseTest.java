package dev.imagegate.gateway;

/** {@link FleetLimitsContract} without Redis: limits counted in PostgreSQL, one transaction per call. */
class FleetLimitsDatabaseTest extends FleetLimitsContract {
  FleetLimitsDatabaseTest() {
    super(false);
  }
}
