package dev.imagegate.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.provider.Json;

/**
 * Catalogues for tests of wire protocols whose models have since been shut down (dall-e-2, Imagen): the bundled
 * catalogue with every lifecycle date removed, through the same merge an operator's file uses.
 */
public final class Catalogs {
  /** The bundled catalogue as if no model had a deprecation or shutdown date. */
  public static final Catalog WITHOUT_LIFECYCLES = withoutLifecycles();

  private Catalogs() {
  }

  private static Catalog withoutLifecycles() {
    ObjectNode file = Json.object();
    ObjectNode models = file.putObject("models");
    Catalog.bundled().entries().forEach((key, entry) -> {
      if (entry.lifecycle().shutdownDate() != null || entry.lifecycle().deprecationDate() != null) {
        ObjectNode lifecycle = models.putObject(key).putObject("lifecycle");
        lifecycle.putNull("deprecation_date");
        lifecycle.putNull("shutdown_date");
      }
    });
    return Catalog.bundled().merged("tests: no lifecycles", file);
  }
}
