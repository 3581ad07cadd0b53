package dev.imagegate.gateway.keys;

import java.util.function.Function;

/**
 * One field of an update: left as it is (the field was absent), or set to a value (null clears it, as JSON
 * {@code null} does in LiteLLM's update endpoints).
 */
public record Change<T>(boolean present, T value) {
  private static final Change<?> KEEP = new Change<>(false, null);

  @SuppressWarnings("unchecked")
  public static <T> Change<T> keep() {
    return (Change<T>) KEEP;
  }

  public static <T> Change<T> set(T value) {
    return new Change<>(true, value);
  }

  public T or(T current) {
    return present ? value : current;
  }

  public <R> Change<R> map(Function<T, R> mapper) {
    return present ? set(value == null ? null : mapper.apply(value)) : keep();
  }
}
