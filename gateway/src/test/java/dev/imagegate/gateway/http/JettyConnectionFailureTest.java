package dev.imagegate.gateway.http;

import dev.imagegate.provider.HttpTransport;
import dev.imagegate.testing.ConnectionFailureContract;
import org.junit.jupiter.api.AfterEach;

class JettyConnectionFailureTest implements ConnectionFailureContract {
  private final JettyTransport transport = new JettyTransport();

  @Override
  public HttpTransport transport() {
    return transport;
  }

  @AfterEach
  void stop() {
    transport.close();
  }
}
