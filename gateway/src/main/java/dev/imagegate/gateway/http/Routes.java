package dev.imagegate.gateway.http;

import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * The gateway's routing table, in plain code: method + path pattern ({@code /openai/deployments/{model}/...}) to an
 * {@link Endpoint}. It is also the one edge where failures become OpenAI's error shape: an
 * {@link ImageGateException} thrown by an endpoint is written with its status; anything else is a 500 that says
 * nothing about internals. Endpoints run as blocking code on virtual threads. While a request is handled its
 * connection's idle timeout is the body timeout (a client must keep sending its body and reading the answer); once
 * answered, the header timeout again (see {@link EdgeLimits}).
 */
public final class Routes extends Handler.Abstract {
  private final List<Route> routes;
  private final Consumer<Throwable> onUnexpected;
  private final EdgeLimits limits;

  private Routes(List<Route> routes, Consumer<Throwable> onUnexpected, EdgeLimits limits) {
    this.routes = List.copyOf(routes);
    this.onUnexpected = onUnexpected;
    this.limits = limits;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Handles one exchange; throw an {@link ImageGateException} to answer with an error. */
  @FunctionalInterface
  public interface Endpoint {
    void handle(Exchange exchange) throws Exception;
  }

  private record Route(String method, String pattern, String[] segments, Endpoint endpoint) {
    Map<String, String> match(String[] path) {
      if (path.length != segments.length) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < segments.length; i++) {
        String segment = segments[i];
        if (segment.startsWith("{") && segment.endsWith("}")) {
          if (path[i].isEmpty()) {
            return null;
          }
          params.put(segment.substring(1, segment.length() - 1), path[i]);
        } else if (!segment.equals(path[i])) {
          return null;
        }
      }
      return params;
    }
  }

  /** Every route as {@code "METHOD /pattern"}, in order (what {@code GET /openapi.json} must describe). */
  public List<String> table() {
    return routes.stream().map(route -> route.method + " " + route.pattern).toList();
  }

  @Override
  public boolean handle(Request request, Response response, Callback answered) {
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    endPoint.setIdleTimeout(limits.bodyTimeout().toMillis());
    Callback callback = new Callback() {
      @Override
      public void succeeded() {
        endPoint.setIdleTimeout(limits.headerTimeout().toMillis());
        answered.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        answered.failed(failure);
      }
    };
    String path = request.getHttpURI().getPath();
    String[] segments = decode(split(path));
    Exchange exchange = null;
    boolean pathKnown = false;
    try {
      for (Route route : routes) {
        Map<String, String> params = route.match(segments);
        if (params == null) {
          continue;
        }
        pathKnown = true;
        if (route.method.equals(request.getMethod())) {
          exchange = new Exchange(request, response, params);
          route.endpoint.handle(exchange);
          callback.succeeded();
          return true;
        }
      }
      exchange = new Exchange(request, response, Map.of());
      throw pathKnown
          ? BadRequest.refused(405, "method_not_allowed", null, request.getMethod() + " is not allowed on " + path)
          : BadRequest.refused(404, "not_found", null, "No route for " + request.getMethod() + " " + path);
    } catch (Throwable failure) {
      fail(exchange != null ? exchange : new Exchange(request, response, Map.of()), failure, callback);
    }
    return true;
  }

  private void fail(Exchange exchange, Throwable failure, Callback callback) {
    exchange.note("failure", failure);
    if (exchange.committed() && clientGone(failure)) {
      callback.failed(failure);
      return;
    }
    ImageGateException error;
    if (failure instanceof ImageGateException known) {
      error = known;
    } else {
      onUnexpected.accept(failure);
      error = Internal.unexpected("The gateway failed while handling this request", failure);
    }
    if (exchange.committed()) {
      callback.failed(failure);
      return;
    }
    try {
      if (error.status() == 429) {
        error.retryAfter().ifPresent(wait -> exchange.header("retry-after",
            Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))));
      }
      ErrorBody.write(exchange, error);
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
    }
  }

  /** A write to the client failed after the response started: the client went away, nothing to report. */
  private static boolean clientGone(Throwable failure) {
    return failure instanceof IOException || failure instanceof java.io.UncheckedIOException;
  }

  /** Percent-decodes each segment after splitting, so an encoded slash stays inside its segment. */
  private static String[] decode(String[] segments) {
    String[] out = new String[segments.length];
    for (int i = 0; i < segments.length; i++) {
      out[i] = URIUtil.decodePath(segments[i]);
    }
    return out;
  }

  private static String[] split(String path) {
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.split("/", -1);
  }

  /** Collects routes in order; the first match wins. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private Consumer<Throwable> onUnexpected = Throwable::printStackTrace;
    private EdgeLimits limits = EdgeLimits.DEFAULTS;

    public Builder get(String pattern, Endpoint endpoint) {
      return add("GET", pattern, endpoint);
    }

    public Builder post(String pattern, Endpoint endpoint) {
      return add("POST", pattern, endpoint);
    }

    public Builder add(String method, String pattern, Endpoint endpoint) {
      routes.add(new Route(method, pattern, split(pattern), endpoint));
      return this;
    }

    /** Where failures that are not API errors are reported (they answer 500). */
    public Builder onUnexpected(Consumer<Throwable> value) {
      this.onUnexpected = value;
      return this;
    }

    /** The timeouts applied to each request's connection while it is handled. */
    public Builder limits(EdgeLimits value) {
      this.limits = value;
      return this;
    }

    public Routes build() {
      return new Routes(routes, onUnexpected, limits);
    }
  }
}
