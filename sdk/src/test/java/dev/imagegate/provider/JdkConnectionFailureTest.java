package dev.imagegate.provider;

import dev.imagegate.testing.ConnectionFailureContract;

class JdkConnectionFailureTest implements ConnectionFailureContract {
  private final JdkHttpTransport transport = new JdkHttpTransport();

  @Override
  public HttpTransport transport() {
    return transport;
  }
}
