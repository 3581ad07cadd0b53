package dev.imagegate.provider;

import java.util.List;

/**
 * How a portable quality picks an output resolution among those a model takes ({@code 512}, {@code 1K}, {@code 2K},
 * {@code 4K}, smallest first): {@code low} the smallest, {@code medium}/{@code standard} 1K, {@code high} 2K,
 * {@code hd} the largest. One rule for every provider with resolutions (Google's {@code imageSize}, OpenRouter's
 * {@code image_config.image_size}).
 */
public final class ImageSizes {
  private ImageSizes() {
  }

  /** The resolution for {@code quality}, or null for {@code auto}, no quality, or a model without resolutions. */
  public static String forQuality(List<String> sizes, String quality) {
    if (sizes.isEmpty() || quality == null) {
      return null;
    }
    String smallest = sizes.get(0);
    String largest = sizes.get(sizes.size() - 1);
    return switch (quality) {
      case "low" -> smallest;
      case "medium", "standard" -> sizes.contains("1K") ? "1K" : smallest;
      case "high" -> sizes.contains("2K") ? "2K" : largest;
      case "hd" -> largest;
      default -> null;
    };
  }
}
