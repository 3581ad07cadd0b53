package dev.imagegate.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.cost.Pricing;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The model catalogue: every model's operations, sizes, n range, qualities, styles, formats, native extras, prices
 * and lifecycle, as data. Bundled as one JSON file per provider family ({@link #FAMILIES}); an operator's file
 * ({@code model_catalog} in {@code general_settings}, {@code IMAGEGATE_MODEL_CATALOG}, or
 * {@code ImageGate.builder().catalog(...)}) merges over it entry by entry: a new key adds a model, a partial entry
 * changes only the fields it names (nested mappings merge, lists and values replace). An entry may {@code inherits}
 * another's capabilities and prices (never its patterns or lifecycle: Azure keeps its own dates). Names resolve
 * exactly, else through the most specific family pattern ({@code patterns}, or a key containing {@code *}), so a new
 * dated snapshot works before the catalogue names it. Immutable and thread-safe.
 */
public final class Catalog {
  /** The bundled files under {@code /dev/imagegate/catalog/}: an explicit list, no classpath scanning. */
  public static final List<String> FAMILIES = List.of("openai", "azure", "google", "bedrock", "recraft", "nscale",
      "openrouter", "mock");

  /** One model found: its catalogue key ({@code provider/model} or the pattern key) and entry. */
  public record Found(String key, ModelEntry entry) {
  }

  /** The header of one file: its family, source and check date. */
  public record Source(String family, String source, String checked, String notes) {
  }

  private static final class Bundled {
    static final Catalog INSTANCE = load(bundledTrees());
  }

  private final Map<String, ModelEntry> entries;
  private final Map<String, String> entryFamily;
  private final Map<Glob, String> patterns;
  private final List<Source> sources;
  private final Pricing pricing;
  /** The raw files this catalogue was built from, in order, so that operator files can merge over them. */
  private final Map<String, JsonNode> rawTrees;

  private Catalog(Map<String, ModelEntry> entries, Map<String, String> entryFamily, List<Source> sources,
                  Map<String, JsonNode> rawTrees) {
    this.rawTrees = Collections.unmodifiableMap(new LinkedHashMap<>(rawTrees));
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    this.entryFamily = Map.copyOf(entryFamily);
    this.sources = List.copyOf(sources);
    Map<Glob, String> globs = new LinkedHashMap<>();
    Map<String, String> aliases = new LinkedHashMap<>();
    entries.forEach((key, entry) -> {
      if (key.indexOf('*') >= 0) {
        globs.put(new Glob(key), key);
      }
      String provider = key.substring(0, key.indexOf('/'));
      for (String pattern : entry.patterns()) {
        globs.put(new Glob(provider + "/" + pattern), key);
        aliases.put(provider + "/" + pattern, key);
      }
    });
    this.patterns = Collections.unmodifiableMap(globs);
    this.pricing = Pricing.of(tables(), aliases);
  }

  /** The catalogue bundled with this version of imagegate (loaded once). */
  public static Catalog bundled() {
    return Bundled.INSTANCE;
  }

  /**
   * This catalogue with {@code operatorFile} (a parsed catalogue file) merged over it.
   *
   * @throws CatalogException listing every problem of the file, each with its path
   */
  public Catalog merged(String name, JsonNode operatorFile) {
    List<CatalogSchema.Issue> issues = CatalogSchema.check(operatorFile);
    if (!issues.isEmpty()) {
      throw new CatalogException(name, issues);
    }
    Map<String, JsonNode> trees = new LinkedHashMap<>(rawTrees);
    ObjectNode copy = operatorFile.deepCopy();
    if (!copy.has("family")) {
      copy.put("family", "operator");
    }
    copy.path("models").properties().forEach(model -> {
      if (model.getValue() instanceof ObjectNode entry && !entries.containsKey(model.getKey())) {
        if (!entry.has("source")) {
          entry.put("source", "operator catalogue " + name);
        }
        if (!entry.has("checked")) {
          entry.put("checked", copy.path("checked").asText("unknown"));
        }
      }
    });
    trees.put(name, copy);
    return load(trees);
  }

  /** Builds a catalogue from parsed files, later files merging over earlier ones. */
  static Catalog load(Map<String, JsonNode> files) {
    Map<String, JsonNode> merged = new LinkedHashMap<>();
    Map<String, String> family = new LinkedHashMap<>();
    List<Source> sources = new ArrayList<>();
    for (Map.Entry<String, JsonNode> file : files.entrySet()) {
      JsonNode root = file.getValue();
      sources.add(new Source(root.path("family").asText(file.getKey()), root.path("source").asText(null),
          root.path("checked").asText(null), root.path("notes").asText(null)));
      for (Map.Entry<String, JsonNode> model : root.path("models").properties()) {
        JsonNode previous = merged.get(model.getKey());
        merged.put(model.getKey(), previous == null ? model.getValue().deepCopy()
            : mergeInto((ObjectNode) previous.deepCopy(), model.getValue()));
        family.putIfAbsent(model.getKey(), root.path("family").asText(file.getKey()));
      }
    }
    Map<String, JsonNode> resolved = new LinkedHashMap<>();
    List<CatalogSchema.Issue> issues = new ArrayList<>();
    for (String key : merged.keySet()) {
      resolved.put(key, inherited(key, merged, new TreeSet<>(), issues));
    }
    issues.addAll(CatalogSchema.checkMerged(resolved));
    if (!issues.isEmpty()) {
      throw new CatalogException("catalogue", issues);
    }
    Map<String, ModelEntry> entries = new LinkedHashMap<>();
    resolved.forEach((key, tree) -> {
      ObjectNode bare = ((ObjectNode) tree).deepCopy();
      bare.remove("inherits");
      try {
        entries.put(key, Json.MAPPER.treeToValue(bare, ModelEntry.class));
      } catch (IOException e) {
        throw new CatalogException("catalogue", List.of(new CatalogSchema.Issue("models." + key,
            e.getMessage().lines().findFirst().orElse("unreadable entry"))));
      }
    });
    return new Catalog(entries, family, sources, files);
  }

  private static JsonNode inherited(String key, Map<String, JsonNode> merged, TreeSet<String> seen,
                                    List<CatalogSchema.Issue> issues) {
    JsonNode entry = merged.get(key);
    String parent = entry.path("inherits").asText(null);
    if (parent == null) {
      return entry;
    }
    if (!merged.containsKey(parent) || !seen.add(key)) {
      issues.add(new CatalogSchema.Issue("models." + key + ".inherits", merged.containsKey(parent)
          ? "inherits in a cycle through " + String.join(", ", seen) : "unknown model '" + parent + "'"));
      return entry;
    }
    ObjectNode base = (ObjectNode) inherited(parent, merged, seen, issues).deepCopy();
    base.remove("patterns");
    base.remove("lifecycle");
    return mergeInto(base, entry);
  }

  /** Deep merge: mappings merge key by key, anything else in {@code over} replaces. */
  private static ObjectNode mergeInto(ObjectNode base, JsonNode over) {
    over.properties().forEach(field -> {
      JsonNode current = base.get(field.getKey());
      if (current != null && current.isObject() && field.getValue().isObject()) {
        mergeInto((ObjectNode) current, field.getValue());
      } else {
        base.set(field.getKey(), field.getValue().deepCopy());
      }
    });
    return base;
  }

  private static Map<String, JsonNode> bundledTrees() {
    Map<String, JsonNode> trees = new LinkedHashMap<>();
    for (String family : FAMILIES) {
      String resource = "/dev/imagegate/catalog/" + family + ".json";
      try (InputStream in = Catalog.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("catalogue file " + resource + " is missing from the classpath");
        }
        JsonNode tree = Json.MAPPER.readTree(in);
        List<CatalogSchema.Issue> issues = CatalogSchema.check(tree);
        if (!issues.isEmpty()) {
          throw new CatalogException(resource, issues);
        }
        trees.put(family, tree);
      } catch (IOException e) {
        throw new UncheckedIOException("catalogue file " + resource + " is unreadable", e);
      }
    }
    return trees;
  }

  /**
   * The entry for {@code provider/model}: exact, else the most specific pattern that matches (a dated snapshot
   * resolves to its family).
   */
  public Optional<Found> find(String provider, String model) {
    String name = provider + "/" + model;
    ModelEntry exact = entries.get(name);
    if (exact != null) {
      return Optional.of(new Found(name, exact));
    }
    Glob best = null;
    for (Glob glob : patterns.keySet()) {
      if (glob.matches(name) && (best == null || glob.literalLength() > best.literalLength())) {
        best = glob;
      }
    }
    return best == null ? Optional.empty() : Optional.of(new Found(patterns.get(best),
        entries.get(patterns.get(best))));
  }

  /** Every entry by key, in file order. */
  public Map<String, ModelEntry> entries() {
    return entries;
  }

  /** The named models (no pattern keys) of {@code provider}, for "unknown model" messages. */
  public List<String> known(String provider) {
    return entries.keySet().stream().filter(key -> key.startsWith(provider + "/") && key.indexOf('*') < 0)
        .map(key -> key.substring(provider.length() + 1)).toList();
  }

  public List<Source> sources() {
    return sources;
  }

  /** The prices of every entry, one table per file (a price tier becomes the key {@code <model>/<tier>}). */
  public Pricing pricing() {
    return pricing;
  }

  private List<Pricing.Table> tables() {
    Map<String, Map<String, Pricing.ModelPrice>> byFamily = new LinkedHashMap<>();
    sources.forEach(source -> byFamily.putIfAbsent(source.family(), new LinkedHashMap<>()));
    entries.forEach((key, entry) -> {
      Map<String, Pricing.ModelPrice> table = byFamily.computeIfAbsent(entryFamily.get(key),
          f -> new LinkedHashMap<>());
      if (entry.prices() != null) {
        table.put(key, entry.prices());
      }
      entry.priceTiers().forEach((tier, price) -> table.put(key + "/" + tier, price));
    });
    Map<String, Source> sourceOf = sources.stream().collect(Collectors.toMap(Source::family, s -> s, (a, b) -> a,
        LinkedHashMap::new));
    List<Pricing.Table> tables = new ArrayList<>();
    byFamily.forEach((family, models) -> {
      Source source = sourceOf.get(family);
      tables.add(new Pricing.Table(source == null ? null : source.checked(), source == null ? family : source.source(),
          source == null ? null : source.notes(), models));
    });
    return tables;
  }
}
