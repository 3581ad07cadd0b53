package dev.imagegate;

import dev.imagegate.error.BadRequest;
import java.util.Locale;

/**
 * What an images call does: draw from a prompt, edit input images (optionally under a mask), or vary one input image.
 * Each is a capability of a model ({@code operations} in the catalogue) and a kind of spend row ({@link #callType()}).
 */
public enum Operation {
  GENERATE("generate", "image_generation"),
  EDIT("edit", "image_edit"),
  VARIATION("variation", "image_variation");

  private final String wire;
  private final String callType;

  Operation(String wire, String callType) {
    this.wire = wire;
    this.callType = callType;
  }

  /** The name in the catalogue and in messages: {@code generate}, {@code edit}, {@code variation}. */
  public String wire() {
    return wire;
  }

  /** The spend row's {@code call_type}: {@code image_generation}, {@code image_edit}, {@code image_variation}. */
  public String callType() {
    return callType;
  }

  /** Parses {@link #wire()} (case-insensitive); anything else is a {@link BadRequest} naming {@code operation}. */
  public static Operation parse(String value) {
    for (Operation operation : values()) {
      if (operation.wire.equals(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))) {
        return operation;
      }
    }
    throw new BadRequest("Unknown operation '" + value + "': expected generate, edit or variation", "operation");
  }
}
