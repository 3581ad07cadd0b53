package dev.imagegate.gateway.store;

import dev.imagegate.gateway.testing.Postgres;
import dev.imagegate.gateway.testing.TcpProxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on the real PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}), each test
 * in a fresh schema dropped afterwards, reached through a TCP proxy the outage test cuts. Skipped with a message when
 * the server is not reachable, except under {@code CI=true}, where that is a failure.
 */
class PostgresStoreTest extends StoreContract {
  private final List<String> schemas = new ArrayList<>();
  private TcpProxy proxy;

  @BeforeAll
  static void requirePostgres() {
    Postgres.require("PostgresStoreTest");
  }

  @Override
  DatabaseUrl freshDatabase() throws Exception {
    if (proxy == null) {
      proxy = new TcpProxy(new InetSocketAddress(Postgres.HOST, Postgres.PORT));
    }
    String schema = Postgres.newSchema();
    schemas.add(schema);
    return DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + proxy.port() + "/test?schema=" + schema, null);
  }

  @Override
  AutoCloseable outage() {
    proxy.cut();
    return proxy::restore;
  }

  @AfterEach
  void dropSchemas() throws Exception {
    closeAll();
    if (proxy != null) {
      proxy.close();
    }
    for (String schema : schemas) {
      Postgres.dropSchema(schema);
    }
  }
}
