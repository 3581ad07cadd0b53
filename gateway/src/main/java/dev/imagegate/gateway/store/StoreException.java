package dev.imagegate.gateway.store;

/**
 * The database failed: unreachable, locked past the busy timeout, or refused a statement. Unchecked; an HTTP edge maps
 * it to a 500 that does not echo SQL. The message names the operation, never a credential.
 */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
