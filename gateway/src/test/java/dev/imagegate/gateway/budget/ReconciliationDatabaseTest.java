package dev.imagegate.gateway.budget;

import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.store.DatabaseUrl;
import dev.imagegate.gateway.store.Store;
import dev.imagegate.gateway.store.StoreOptions;
import dev.imagegate.gateway.testing.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link ReconciliationContract} on the real PostgreSQL without Redis (a schema of its own per test). */
class ReconciliationDatabaseTest extends ReconciliationContract {
  final String schema = Postgres.newSchema();
  final List<Store> stores = new ArrayList<>();

  @BeforeAll
  static void postgres() {
    Postgres.require("ReconciliationDatabaseTest");
  }

  @AfterEach
  void drop() throws Exception {
    stores.forEach(Store::close);
    Postgres.dropSchema(schema);
  }

  @Override
  FleetLimits fleet() {
    Store store = Store.open(DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + Postgres.PORT + "/test?schema="
        + schema, null), new StoreOptions(10, Duration.ofMillis(500), Duration.ofSeconds(1)));
    stores.add(store);
    return store.limits();
  }
}
