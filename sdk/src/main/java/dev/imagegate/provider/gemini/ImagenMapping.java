package dev.imagegate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.provider.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure mapping between imagegate's request/response and Imagen's {@code :predict} JSON, the same on the Gemini API
 * and Vertex AI. Public so that the Vertex room reuses it.
 */
public final class ImagenMapping {
  private ImagenMapping() {
  }

  /**
   * {@code {"instances": [{"prompt"}], "parameters": {"sampleCount", "aspectRatio", "sampleImageSize", ...}}}.
   * {@code sampleCount} is always sent (n, default 1: the API's own default is 4). Extras go into
   * {@code parameters} last, verbatim, so they win over mapped fields.
   */
  public static ObjectNode toBody(ImageRequest request, GoogleModel model, Map<String, Object> extras) {
    ObjectNode body = Json.object();
    body.putArray("instances").addObject().put("prompt", request.prompt());
    ObjectNode parameters = body.putObject("parameters");
    parameters.put("sampleCount", request.count());
    GoogleModel.AspectRatio ratio = model.aspectRatio(request.size());
    if (ratio != null) {
      parameters.put("aspectRatio", ratio.ratio());
    }
    String imageSize = model.imageSize(request.quality());
    if (imageSize != null) {
      parameters.put("sampleImageSize", imageSize);
    }
    extras.forEach((key, value) -> parameters.set(key, Json.toTree(value)));
    return body;
  }

  /**
   * Maps a 200 body. Images come from predictions carrying {@code bytesBase64Encoded}; predictions carrying only
   * {@code raiFilteredReason} were filtered. No image at all is {@link GoogleOutcome.Refused}: Google omits filtered
   * images, so an empty answer means everything was filtered.
   */
  public static GoogleOutcome fromResponse(JsonNode json, String provider, String model, long now) {
    GoogleWire.PredictResponse wire;
    try {
      wire = Json.MAPPER.treeToValue(json, GoogleWire.PredictResponse.class);
    } catch (Exception e) {
      return new GoogleOutcome.Malformed("a predict response object with a predictions array");
    }
    List<ImageData> images = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (GoogleWire.Prediction prediction : wire.predictions() == null ? List.<GoogleWire.Prediction>of()
        : wire.predictions()) {
      if (prediction == null) {
        continue;
      }
      if (prediction.bytesBase64Encoded() != null && !prediction.bytesBase64Encoded().isEmpty()) {
        images.add(ImageData.ofBase64(prediction.bytesBase64Encoded(), prediction.prompt()));
      } else if (prediction.raiFilteredReason() != null) {
        reasons.add(prediction.raiFilteredReason());
      }
    }
    if (images.isEmpty()) {
      return new GoogleOutcome.Refused(reasons.isEmpty()
          ? "no images came back: Google's Responsible AI filters withheld them all "
              + "(send includeRaiReason=true to learn why)"
          : String.join("; ", reasons));
    }
    return new GoogleOutcome.Images(ImageResponse.of(now, images, Usage.NONE, Map.of(), provider, model), reasons);
  }
}
