package dev.imagegate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML (through Jackson's YAML parser) into a JSON tree while remembering the line of every key, so config
 * errors can say {@code file:line}. Resolves anchors, aliases and {@code <<} merge keys; floats are kept exact
 * (BigDecimal). Paths look like {@code model_list[0].litellm_params.api_key}.
 */
final class YamlTree {
  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The tree and the 1-based line of each path. */
  record Parsed(JsonNode root, Map<String, Integer> lines) {
  }

  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<String, JsonNode> anchors = new HashMap<>();
  private final Problems problems;

  private YamlTree(Problems problems) {
    this.problems = problems;
  }

  /** Parses {@code text}; a syntax error is reported to {@code problems} and gives a null root. */
  static Parsed parse(String text, Problems problems) {
    YamlTree tree = new YamlTree(problems);
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        return new Parsed(NODES.nullNode(), tree.lines);
      }
      JsonNode root = tree.read(parser, "");
      return new Parsed(root, tree.lines);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
        String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
            : " (" + yaml.getContext() + " started on line " + (yaml.getContextMark().getLine() + 1) + ")";
        problems.errorAtLine(yaml.getProblemMark().getLine() + 1, "", "invalid YAML: " + yaml.getProblem() + context);
      } else {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        problems.errorAtLine(line, "", "invalid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
      }
      return new Parsed(null, tree.lines);
    } catch (IOException e) {
      problems.errorAtLine(0, "", "unreadable YAML: " + e.getMessage());
      return new Parsed(null, tree.lines);
    }
  }

  private JsonNode read(JsonParser parser, String path) throws IOException {
    lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
    YAMLParser yaml = (YAMLParser) parser;
    if (yaml.isCurrentAlias()) {
      JsonNode target = anchors.get(parser.getText());
      if (target == null) {
        problems.error(path, "unknown YAML alias *" + parser.getText());
        return NODES.nullNode();
      }
      return target.deepCopy();
    }
    String anchor = yaml.getObjectId() == null ? null : yaml.getObjectId().toString();
    JsonNode node = switch (parser.currentToken()) {
      case START_OBJECT -> object(parser, path);
      case START_ARRAY -> array(parser, path);
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
        case INT -> NODES.numberNode(parser.getIntValue());
        case LONG -> NODES.numberNode(parser.getLongValue());
        default -> NODES.numberNode(parser.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      default -> NODES.nullNode();
    };
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private ObjectNode object(JsonParser parser, String path) throws IOException {
    ObjectNode node = NODES.objectNode();
    ObjectNode merged = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String child = path.isEmpty() ? name : path + "." + name;
      int line = parser.currentTokenLocation().getLineNr();
      parser.nextToken();
      JsonNode value = read(parser, child);
      if (name.equals("<<")) {
        merge(merged, value, child);
        continue;
      }
      if (node.has(name)) {
        problems.warnAtLine(line, child, "duplicate key: the last value wins");
      }
      lines.put(child, line);
      node.set(name, value);
    }
    for (Map.Entry<String, JsonNode> entry : merged.properties()) {
      if (!node.has(entry.getKey())) {
        node.set(entry.getKey(), entry.getValue());
        lines.putIfAbsent(path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), lines.get(path));
      }
    }
    return node;
  }

  private void merge(ObjectNode into, JsonNode value, String path) {
    if (value.isObject()) {
      value.properties().forEach(e -> into.putIfAbsent(e.getKey(), e.getValue()));
    } else if (value.isArray()) {
      value.forEach(item -> merge(into, item, path));
    } else {
      problems.error(path, "a << merge key needs a mapping or a list of mappings");
    }
  }

  private ArrayNode array(JsonParser parser, String path) throws IOException {
    ArrayNode node = NODES.arrayNode();
    int index = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      node.add(read(parser, path + "[" + index++ + "]"));
    }
    return node;
  }
}
