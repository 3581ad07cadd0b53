package dev.imagegate.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageFormat;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.http.MultipartForm;
import dev.imagegate.gateway.http.UploadLimits;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads an edit or variation: OpenAI's multipart form ({@code image} or {@code image[]} files, {@code mask}, and the
 * fields of a generation as text), or for edits OpenAI's JSON form ({@code images} and {@code mask} as
 * {@code {"image_url": "data:..."}} objects). Images are recognised by their bytes (PNG, JPEG or WEBP), never by their
 * names or content types. The fields then go through {@link ImagesRequestReader} like a generation's.
 */
final class InputsReader {
  private static final Set<ImageFormat> FORMATS = EnumSet.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.WEBP);
  private static final Set<String> INTEGERS = Set.of("n", "output_compression", "partial_images");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

  private InputsReader() {
  }

  /** The multipart form's call; the returned call owns {@code form} (closing it deletes the spooled files). */
  static ImagesCall multipart(MultipartForm form, Operation operation, String pathModel,
                              Function<String, Set<String>> allowed, UploadLimits limits) {
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    List<InputImage> images = new ArrayList<>();
    InputImage mask = null;
    for (MultipartForm.Part part : form.parts()) {
      String name = part.name() == null ? "" : part.name();
      switch (name) {
        case "image", "image[]" -> {
          if (images.size() == limits.maxFiles()) {
            throw bad("image", "Too many images: at most " + limits.maxFiles() + " per request");
          }
          images.add(image(part, "image"));
        }
        case "mask" -> {
          if (mask != null) {
            throw bad("mask", "Send at most one mask");
          }
          mask = image(part, "mask");
        }
        default -> field(fields, name, part);
      }
    }
    if (images.isEmpty()) {
      throw bad("image", "image is required: send the image to " + verb(operation) + " as a file in "
          + "the form field 'image' (or 'image[]' for several)");
    }
    return ImagesRequestReader.read(fields, pathModel, allowed, operation, images, mask).withUploads(form);
  }

  /** An edit's JSON body: {@code images} (and {@code mask}) as image references holding data URLs. */
  static ImagesCall json(byte[] body, Operation operation, String pathModel, Function<String, Set<String>> allowed,
                         UploadLimits limits) {
    if (operation != Operation.EDIT) {
      throw bad(null, "Variations take a multipart/form-data body with the image in 'image'");
    }
    JsonNode root = ImagesRequestReader.parse(body);
    ObjectNode fields = ((ObjectNode) root).deepCopy();
    JsonNode refs = fields.remove("images");
    JsonNode maskRef = fields.remove("mask");
    if (fields.has("image")) {
      throw bad("image", "In a JSON body the images go in 'images': [{\"image_url\": \"data:...\"}]");
    }
    if (refs == null || refs.isNull() || (refs.isArray() && refs.isEmpty())) {
      throw bad("images", "images is required: [{\"image_url\": \"data:image/png;base64,...\"}]");
    }
    if (!refs.isArray()) {
      throw bad("images", "images must be an array of {\"image_url\": ...} objects");
    }
    if (refs.size() > limits.maxFiles()) {
      throw bad("images", "Too many images: " + refs.size() + " given, at most "
          + limits.maxFiles());
    }
    List<InputImage> images = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      images.add(reference(refs.get(i), "images", "image-" + (i + 1)));
    }
    InputImage mask = maskRef == null || maskRef.isNull() ? null : reference(maskRef, "mask", "mask");
    return ImagesRequestReader.read(fields, pathModel, allowed, operation, images, mask);
  }

  private static InputImage image(MultipartForm.Part part, String param) {
    InputImage image = part.spooled().map(path -> InputImage.of(path, part.fileName()))
        .orElseGet(() -> InputImage.of(part.bytes(), part.fileName()));
    return checked(image, param);
  }

  private static InputImage checked(InputImage image, String param) {
    if (image.size() == 0) {
      throw bad(param, "The " + param + " file is empty");
    }
    if (!FORMATS.contains(image.format())) {
      throw bad(param, "The " + param + " file " + quoted(image.name()) + " is not a PNG, JPEG or "
          + "WEBP image by its content" + (image.format() == ImageFormat.UNKNOWN ? ""
          : " (it is " + image.format().mimeType() + ")"));
    }
    return image;
  }

  /** A plain form field as the JSON value the generation reader expects. */
  private static void field(ObjectNode fields, String name, MultipartForm.Part part) {
    if (part.fileName() != null) {
      throw bad(name, "Unexpected file in the form field '" + name + "': files go in 'image', "
          + "'image[]' or 'mask'");
    }
    String value = part.text();
    if (name.endsWith("[]")) {
      String array = name.substring(0, name.length() - 2);
      JsonNode existing = fields.get(array);
      ArrayNode items = existing instanceof ArrayNode a ? a : fields.putArray(array);
      items.add(value);
      return;
    }
    if (fields.has(name)) {
      throw bad(name, "The form field '" + name + "' was sent more than once");
    }
    fields.set(name, typed(name, value));
  }

  private static JsonNode typed(String name, String value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (INTEGERS.contains(name)) {
      if (!INTEGER.matcher(value.trim()).matches()) {
        throw bad(name, "Invalid " + name + " '" + value + "': expected an integer");
      }
      return nodes.numberNode(Long.parseLong(value.trim()));
    }
    return switch (name) {
      case "drop_params", "stream" -> switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> nodes.booleanNode(true);
        case "false" -> nodes.booleanNode(false);
        default -> throw bad(name, "Invalid " + name + " '" + value + "': expected true or false");
      };
      case "timeout" -> {
        if (!DECIMAL.matcher(value.trim()).matches()) {
          throw bad(name, "Invalid timeout '" + value + "': expected a number of seconds");
        }
        yield nodes.numberNode(new java.math.BigDecimal(value.trim()));
      }
      case "metadata" -> ImagesRequestReader.parse(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      default -> nodes.textNode(value);
    };
  }

  /** One {@code {"image_url": "data:..."}} reference; file ids and remote URLs are refused. */
  private static InputImage reference(JsonNode ref, String param, String name) {
    if (!ref.isObject()) {
      throw bad(param, param + " entries must be objects: {\"image_url\": \"data:image/png;base64,...\"}");
    }
    if (ref.has("file_id")) {
      throw bad(param, "file_id is not supported by this gateway: send the image as a data: URL in "
          + "image_url, or upload it as multipart/form-data");
    }
    JsonNode url = ref.get("image_url");
    if (url == null || !url.isTextual()) {
      throw bad(param, param + " entries need an image_url string (a data: URL)");
    }
    String text = url.asText();
    int comma = text.indexOf(',');
    if (!text.regionMatches(true, 0, "data:", 0, 5) || comma < 0
        || !text.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
      throw bad(param, "image_url must be a base64 data: URL (data:image/png;base64,...); the gateway "
          + "does not fetch remote URLs: upload the image as multipart/form-data instead");
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(text.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw bad(param, "image_url is not valid base64: " + e.getMessage());
    }
    InputImage image = InputImage.of(bytes, name);
    return checked(InputImage.of(bytes, name + "." + image.format().extension()), param);
  }

  private static String verb(Operation operation) {
    return operation == Operation.EDIT ? "edit" : "vary";
  }

  private static String quoted(String name) {
    return name == null ? "" : "'" + name + "'";
  }

  /** A 400 naming {@code param} (or none). */
  private static BadRequest bad(String param, String message) {
    return new BadRequest(message, param);
  }
}
