package dev.imagegate.gateway.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * Caps open connections in total and per client address. A connection over a cap is answered at once with a 503 in
 * OpenAI's error shape saying which cap it hit, then closed, so a client that opens thousands of idle sockets cannot
 * starve the others. Thread-safe; registered on the connector as a {@link Connection.Listener}.
 */
final class ConnectionCaps implements Connection.Listener {
  private final int total;
  private final int perClient;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> byClient = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Connection, InetAddress> counted = new ConcurrentHashMap<>();

  ConnectionCaps(int total, int perClient) {
    this.total = total;
    this.perClient = perClient;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress client = address(connection.getEndPoint().getRemoteSocketAddress());
    int all = open.incrementAndGet();
    int mine = client == null ? 0 : byClient.computeIfAbsent(client, a -> new AtomicInteger()).incrementAndGet();
    counted.put(connection, client == null ? InetAddress.getLoopbackAddress() : client);
    if (all > total) {
      refuse(connection.getEndPoint(), "The gateway has reached its limit of " + total + " open connections");
    } else if (client != null && mine > perClient) {
      refuse(connection.getEndPoint(), "Too many open connections from your address (the limit is " + perClient
          + "): reuse connections or close idle ones");
    }
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress client = counted.remove(connection);
    if (client == null) {
      return;
    }
    open.decrementAndGet();
    byClient.computeIfPresent(client, (address, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /** Open connections now, in total. */
  int open() {
    return open.get();
  }

  private static void refuse(EndPoint endPoint, String message) {
    String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_overloaded\",\"param\":null,"
        + "\"code\":\"too_many_connections\"}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
        + bytes.length + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n";
    endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()),
        ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(bytes));
  }

  private static InetAddress address(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
