package dev.imagegate.provider.mock;

import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Size;
import dev.imagegate.Usage;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.InputLimits;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A test and demo provider: {@code mock/<anything>} draws real PNGs locally, with no network and no key. The picture
 * is deterministic from the prompt, the size and the {@code seed} extra; {@code n} and {@code size} are honoured
 * (default 1024x1024, at most 4096 per side; an aspect ratio gives 1024 on the long side).
 */
public final class MockProvider implements Provider {
  static final int MAX_SIDE = 4096;
  static final Capabilities CAPABILITIES = new Capabilities(1, 10, Allowed.ANY, Allowed.ANY, Allowed.ANY,
      EnumSet.of(ResponseFormat.B64_JSON), false, true, Set.of("seed"), Set.of("seed"))
      .withOperation(Operation.EDIT, InputLimits.PERMISSIVE)
      .withOperation(Operation.VARIATION, InputLimits.PERMISSIVE.withMaxImages(1).withMask(InputLimits.Mask.NONE));

  @Override
  public String name() {
    return "mock";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return CAPABILITIES;
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    return draw(call, call.request().prompt());
  }

  /** Draws as for generate, from the prompt and the input images' sizes and bytes count (no upstream to edit). */
  @Override
  public ImageResponse edit(ProviderCall call) {
    return draw(call, "edit:" + call.request().prompt() + inputs(call.request()));
  }

  @Override
  public ImageResponse vary(ProviderCall call) {
    return draw(call, "variation:" + inputs(call.request()));
  }

  private static String inputs(ImageRequest request) {
    StringBuilder out = new StringBuilder();
    request.images().forEach(image -> out.append('|').append(image.size()).append(':')
        .append(image.header().width()).append('x').append(image.header().height()));
    return out.toString();
  }

  private ImageResponse draw(ProviderCall call, String text) {
    ImageRequest request = call.request();
    int[] dims = dimensions(request.size());
    long seed = seed(call);
    List<ImageData> images = new ArrayList<>();
    for (int i = 0; i < request.count(); i++) {
      images.add(ImageData.ofBytes(PngPainter.paint(dims[0], dims[1], mix(text, dims, seed, i)), null));
    }
    return ImageResponse.of(call.clock().instant().getEpochSecond(), images, Usage.NONE, Map.of(), name(),
        call.model());
  }

  static int[] dimensions(Size size) {
    int[] dims = switch (size) {
      case null -> new int[] {1024, 1024};
      case Size.Auto auto -> new int[] {1024, 1024};
      case Size.Pixels pixels -> new int[] {pixels.width(), pixels.height()};
      case Size.Ratio ratio -> ratio.width() >= ratio.height()
          ? new int[] {1024, Math.max(1, 1024 * ratio.height() / ratio.width())}
          : new int[] {Math.max(1, 1024 * ratio.width() / ratio.height()), 1024};
    };
    if (dims[0] > MAX_SIDE || dims[1] > MAX_SIDE) {
      throw new BadRequest("Invalid size " + dims[0] + "x" + dims[1] + " for mock: at most " + MAX_SIDE
          + " pixels per side", "size");
    }
    return dims;
  }

  private static long seed(ProviderCall call) {
    Object seed = call.request().extras().get("seed");
    if (seed == null) {
      return 0;
    }
    try {
      return Long.parseLong(seed.toString().trim());
    } catch (NumberFormatException e) {
      throw new BadRequest("Invalid seed '" + seed + "': expected an integer", "seed");
    }
  }

  private static long mix(String prompt, int[] dims, long seed, int index) {
    CRC32 crc = new CRC32();
    crc.update(prompt.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() * 31 + dims[0] * 7919L + dims[1] * 104729L + seed * 1_000_003L + index;
  }
}
