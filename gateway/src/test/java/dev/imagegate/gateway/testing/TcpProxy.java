package dev.imagegate.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy a test can cut: {@link #cut()} closes every open connection and refuses new ones (accepted and
 * closed at once) until {@link #restore()}; {@link #stall()} keeps connections open but forwards nothing until
 * {@link #restore()}, like a server that hangs. Stands in for an outage without stopping the shared server.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Object flow = new Object();
  private volatile boolean down;
  private volatile boolean stalled;

  public TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("tcp-proxy").start(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  public void cut() {
    down = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
    synchronized (flow) {
      flow.notifyAll();
    }
  }

  public void stall() {
    stalled = true;
  }

  public void restore() {
    down = false;
    synchronized (flow) {
      stalled = false;
      flow.notifyAll();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (down) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        awaitFlow();
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the other side closed, or the test cut the line
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void awaitFlow() throws InterruptedException {
    synchronized (flow) {
      while (stalled && !down) {
        flow.wait();
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
    restore();
  }
}
