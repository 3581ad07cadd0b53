package dev.imagegate.gateway.http;

import dev.imagegate.error.ImageGateException;

/**
 * A failure the gateway answers with OpenAI's error shape {@code {"error":{"message","type","param","code"}}}. SDK
 * failures convert with {@link #of(ImageGateException)}; failures that only exist at the HTTP edge (no such route, body
 * too large) are made here.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String type;
  private final String param;
  private final String code;

  public ApiError(int status, String type, String code, String param, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  public static ApiError of(ImageGateException e) {
    return new ApiError(e.status(), e.type(), e.code(), e.param(), e.getMessage());
  }

  public static ApiError badRequest(String param, String message) {
    return new ApiError(400, "invalid_request_error", null, param, message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "invalid_request_error", "not_found", null, message);
  }

  /** The request body did not arrive within the body read timeout (HTTP 408). */
  public static ApiError bodyTimeout(String message) {
    return new ApiError(408, "invalid_request_error", "request_timeout", null, message);
  }

  public static ApiError tooLarge(long limit) {
    return new ApiError(413, "invalid_request_error", "request_too_large", null,
        "Request body is larger than the limit of " + limit + " bytes");
  }

  public static ApiError methodNotAllowed(String method, String path) {
    return new ApiError(405, "invalid_request_error", "method_not_allowed", null,
        method + " is not allowed on " + path);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String param() {
    return param;
  }

  public String code() {
    return code;
  }
}
