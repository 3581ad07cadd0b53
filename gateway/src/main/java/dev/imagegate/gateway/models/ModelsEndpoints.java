package dev.imagegate.gateway.models;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.catalog.Lifecycle;
import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.Secrets;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.ModelInfo;
import dev.imagegate.router.Router;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models} (OpenAI's list of the model groups the caller may use) and {@code GET /v1/model/info}
 * (LiteLLM's per-deployment view: parameters with secrets left out, {@code api_base} with userinfo and secret query
 * values masked, model info, the deployment's own prices; plus {@code catalogue_prices}, the price table's entry for
 * the model it is priced as, and {@code capabilities}, what it takes: n range, sizes, qualities, styles).
 */
public final class ModelsEndpoints {
  private final Authenticator auth;
  private final GroupAccess access;
  private final long created;
  private final Router router;

  /** @param router what each deployment accepts, its catalogue entry (lifecycle) and its catalogue prices */
  public ModelsEndpoints(Authenticator auth, GroupAccess access, long created, Router router) {
    this.auth = auth;
    this.access = access;
    this.created = created;
    this.router = router;
  }

  public void list(Exchange exchange) throws IOException {
    Caller caller = auth.authenticate(exchange);
    exchange.json(200, json -> {
      json.writeStartObject();
      json.writeStringField("object", "list");
      json.writeArrayFieldStart("data");
      for (ModelGroup group : access.groupsFor(caller)) {
        json.writeStartObject();
        json.writeStringField("id", group.name());
        json.writeStringField("object", "model");
        json.writeNumberField("created", created);
        json.writeStringField("owned_by", "imagegate");
        writeLifecycle(json, groupLifecycle(group));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  public void info(Exchange exchange) throws IOException {
    Caller caller = auth.authenticate(exchange);
    exchange.json(200, json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("data");
      for (ModelGroup group : access.groupsFor(caller)) {
        for (Deployment deployment : group.imageDeployments()) {
          writeDeployment(json, deployment, lifecycle(deployment));
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  private void writeDeployment(JsonGenerator json, Deployment deployment, Lifecycle lifecycle) throws IOException {
    json.writeStartObject();
    json.writeStringField("model_name", deployment.modelName());
    json.writeFieldName("litellm_params");
    Json.MAPPER.writeValue(json, params(deployment));
    json.writeFieldName("model_info");
    Map<String, Object> info = info(deployment);
    info.put("deprecation_date", text(lifecycle.deprecationDate()));
    info.put("shutdown_date", text(lifecycle.shutdownDate()));
    info.put("replacement", lifecycle.replacement());
    Json.MAPPER.writeValue(json, info);
    json.writeEndObject();
  }

  /**
   * A deployment's lifecycle: its catalogue entry's, with the deployment's own {@code deprecation_date},
   * {@code shutdown_date} and {@code replacement} settings winning (as for calls).
   */
  private Lifecycle lifecycle(Deployment deployment) {
    Lifecycle fromCatalog = router.describe(deployment).map(found -> found.entry().lifecycle())
        .orElse(Lifecycle.ACTIVE);
    try {
      return fromCatalog.overriddenBy(deployment.settings());
    } catch (java.time.format.DateTimeParseException e) {
      return fromCatalog;
    }
  }

  /** A group's lifecycle for {@code /v1/models}: the deployments' when they all agree, else none. */
  private Lifecycle groupLifecycle(ModelGroup group) {
    List<Lifecycle> all = group.imageDeployments().stream().map(this::lifecycle).distinct().toList();
    return all.size() == 1 ? all.get(0) : Lifecycle.ACTIVE;
  }

  private static void writeLifecycle(JsonGenerator json, Lifecycle lifecycle) throws IOException {
    json.writeObjectField("deprecation_date", text(lifecycle.deprecationDate()));
    json.writeObjectField("shutdown_date", text(lifecycle.shutdownDate()));
    json.writeObjectField("replacement", lifecycle.replacement());
  }

  private static String text(LocalDate date) {
    return date == null ? null : date.toString();
  }

  /** The deployment's parameters without credentials: no key, and secret-looking settings masked. */
  private static Map<String, Object> params(Deployment deployment) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", deployment.model());
    putIfSet(out, "api_base", Secrets.maskUrl(deployment.apiBase()));
    putIfSet(out, "api_version", deployment.apiVersion());
    putIfSet(out, "custom_llm_provider", deployment.customProvider());
    putIfSet(out, "rpm", deployment.rpm());
    putIfSet(out, "tpm", deployment.tpm());
    putIfSet(out, "weight", deployment.weight());
    putIfSet(out, "order", deployment.order());
    putIfSet(out, "timeout", deployment.timeout() == null ? null : deployment.timeout().toMillis() / 1000.0);
    putIfSet(out, "max_retries", deployment.maxRetries());
    putIfSet(out, "base_model", deployment.baseModel());
    if (!deployment.tags().isEmpty()) {
      out.put("tags", deployment.tags());
    }
    out.putAll(deployment.maskedSettings());
    return out;
  }

  private Map<String, Object> info(Deployment deployment) {
    ModelInfo info = deployment.modelInfo();
    Map<String, Object> out = new LinkedHashMap<>(info.fields());
    out.put("id", deployment.id());
    out.put("mode", info.mode() == null ? ModelInfo.IMAGE_GENERATION : info.mode());
    putIfSet(out, "base_model", deployment.baseModel());
    deployment.prices().asMap().forEach(out::put);
    router.cataloguePrices(deployment).ifPresent(prices -> out.put("catalogue_prices", prices));
    out.put("capabilities", describe(router.capabilities(deployment)));
    return out;
  }

  /**
   * The portable parameters a deployment takes: {@code n} as a range; sizes, qualities and styles as a list, or
   * {@code "any"} (any value is forwarded), an empty list (not taken), or {@code {"rule": sentence, "examples": [...]}}
   * (values a rule accepts, such as gpt-image-2's sizes).
   */
  private static Map<String, Object> describe(Capabilities capabilities) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", Map.of("min", capabilities.minN(), "max", capabilities.maxN()));
    out.put("sizes", values(capabilities.sizes()));
    out.put("qualities", values(capabilities.qualities()));
    out.put("styles", values(capabilities.styles()));
    out.put("response_formats", List.of("url", "b64_json"));
    return out;
  }

  private static Object values(Allowed allowed) {
    return switch (allowed.kind()) {
      case ANY -> "any";
      case NONE -> List.of();
      case ONE_OF -> List.copyOf(allowed.values());
      case RULE -> Map.of("rule", allowed.rule().describe(), "examples", List.copyOf(allowed.values()));
    };
  }

  private static void putIfSet(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value instanceof BigDecimal decimal ? decimal.toPlainString() : value);
    }
  }
}
