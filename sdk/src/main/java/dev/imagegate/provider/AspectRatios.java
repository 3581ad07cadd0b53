package dev.imagegate.provider;

import dev.imagegate.Size;
import java.util.List;

/**
 * Maps an OpenAI-style size to the nearest of the aspect ratios a provider takes (Imagen {@code aspectRatio},
 * Stability {@code aspect_ratio}, OpenRouter {@code image_config.aspect_ratio}). Nearness is measured on the logarithm
 * of width/height, so 1792x1024 (1.75) picks 16:9 (1.78) and 1536x1024 (1.5) picks 3:2 when offered, else 16:9 or 4:3
 * by distance.
 */
public final class AspectRatios {
  private AspectRatios() {
  }

  /**
   * The ratio from {@code supported} (spelled {@code W:H}) nearest to {@code size}; {@code null} for a null or
   * {@code auto} size (the provider's default).
   */
  public static String nearest(Size size, List<String> supported) {
    double wanted = switch (size) {
      case null -> Double.NaN;
      case Size.Auto auto -> Double.NaN;
      case Size.Pixels pixels -> (double) pixels.width() / pixels.height();
      case Size.Ratio ratio -> (double) ratio.width() / ratio.height();
    };
    if (Double.isNaN(wanted)) {
      return null;
    }
    String best = null;
    double bestDistance = Double.MAX_VALUE;
    for (String candidate : supported) {
      double distance = Math.abs(Math.log(value(candidate)) - Math.log(wanted));
      if (distance < bestDistance - 1e-12) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static double value(String ratio) {
    int colon = ratio.indexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("not a W:H ratio: " + ratio);
    }
    return Double.parseDouble(ratio.substring(0, colon)) / Double.parseDouble(ratio.substring(colon + 1));
  }
}
