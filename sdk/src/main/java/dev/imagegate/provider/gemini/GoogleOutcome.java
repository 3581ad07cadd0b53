package dev.imagegate.provider.gemini;

import dev.imagegate.ImageResponse;
import java.util.List;

/**
 * What a 200 answer from Google meant: images (perhaps fewer than asked, with the reasons the rest were filtered), a
 * refusal by Google's safety checks, or a body that is not the documented shape. The mappings return it; the provider
 * turns the last two into exceptions carrying the call's details.
 */
public sealed interface GoogleOutcome {

  /** At least one image. {@code filteredReasons} says why others were withheld, when Google said. */
  record Images(ImageResponse response, List<String> filteredReasons) implements GoogleOutcome {
    public Images {
      filteredReasons = List.copyOf(filteredReasons);
    }
  }

  /** No image because Google's safety checks refused: becomes a ContentPolicyViolation with {@code reason}. */
  record Refused(String reason) implements GoogleOutcome {
  }

  /** No image and no refusal: becomes an UpstreamProtocol error saying what was {@code expected}. */
  record Malformed(String expected) implements GoogleOutcome {
  }
}
