package dev.imagegate.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.http.ControlCharacters;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.Routes;
import dev.imagegate.gateway.keys.GenerateKeyRequest;
import dev.imagegate.gateway.keys.KeyListQuery;
import dev.imagegate.gateway.keys.KeyRef;
import dev.imagegate.gateway.keys.KeySecrets;
import dev.imagegate.gateway.keys.PrincipalRequests;
import dev.imagegate.gateway.keys.PrincipalService;
import dev.imagegate.gateway.keys.PrincipalView;
import dev.imagegate.gateway.keys.UpdateKeyRequest;
import dev.imagegate.gateway.spend.SpendLogQuery;
import dev.imagegate.gateway.store.Principal.Kind;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * LiteLLM's management endpoints, same paths and JSON shapes: keys, teams, users, customers (end users) and spend.
 * Each is a thin adapter: authenticate the operator, read the request, call the service, write its answer.
 */
public final class AdminEndpoints {
  private static final long MAX_BODY = 1024 * 1024;

  private final Authenticator auth;
  private final Accounts accounts;

  public AdminEndpoints(Authenticator auth, Accounts accounts) {
    this.auth = auth;
    this.accounts = accounts;
  }

  /** Adds every management route to {@code routes}. */
  public Routes.Builder register(Routes.Builder routes) {
    var keys = accounts.keys();
    routes.post("/key/generate", admin(body -> keys.generate(GenerateKeyRequest.from(body)).toJson()))
        .get("/key/info", this::keyInfo)
        .post("/key/update", admin(body -> keys.update(UpdateKeyRequest.from(body)).toJson()))
        .post("/key/delete", admin(body -> keys.delete(KeyRef.Delete.from(body)).toJson()))
        .get("/key/list", adminQuery(query -> keys.list(KeyListQuery.from(query)).toJson()))
        .post("/key/block", admin(body -> keys.block(KeyRef.from(body)).toJson()))
        .post("/key/unblock", admin(body -> keys.unblock(KeyRef.from(body)).toJson()))
        .post("/key/regenerate", admin(body -> keys.regenerate(KeyRef.from(body)).toJson()))
        .post("/key/{key}/regenerate", exchange -> {
          auth.requireAdmin(exchange);
          exchange.json(200, keys.regenerate(exchange.pathParam("key")).toJson());
        });
    registerTenancy(routes);
    registerSpend(routes);
    return routes;
  }

  private void registerTenancy(Routes.Builder routes) {
    PrincipalService teams = accounts.teams();
    PrincipalService customers = accounts.customers();
    registerPrincipals(routes, "/team", teams, "team_id", "deleted_teams");
    routes.post("/team/block", admin(body -> teams.block(List.of(PrincipalRequests.id(Kind.TEAM, body))).get(0)
            .toJson()))
        .post("/team/unblock", admin(body -> teams.unblock(List.of(PrincipalRequests.id(Kind.TEAM, body))).get(0)
            .toJson()));
    registerPrincipals(routes, "/user", accounts.users(), "user_id", "deleted_users");
    for (String prefix : List.of("/customer", "/end_user")) {
      registerPrincipals(routes, prefix, customers, "end_user_id", "deleted_customers");
      routes.post(prefix + "/block", admin(body -> {
        List<String> ids = PrincipalRequests.ids(Kind.END_USER, body);
        customers.block(ids);
        return Map.of("blocked_users", ids);
      })).post(prefix + "/unblock", admin(body -> {
        List<String> ids = PrincipalRequests.ids(Kind.END_USER, body);
        customers.unblock(ids);
        return Map.of("unblocked_users", ids);
      }));
    }
  }

  /** {@code /new}, {@code /info?<infoParam>=...}, {@code /list}, {@code /update}, {@code /delete} under a prefix. */
  private void registerPrincipals(Routes.Builder routes, String prefix, PrincipalService service, String infoParam,
                                  String deletedField) {
    Kind kind = service.kind();
    routes.post(prefix + "/new", admin(body -> service.create(PrincipalRequests.New.from(kind, body)).toJson()))
        .get(prefix + "/info", adminQuery(query -> service.info(required(query, infoParam)).toJson()))
        .get(prefix + "/list", adminQuery(query -> service.list().stream().map(PrincipalView::toJson).toList()))
        .post(prefix + "/update", admin(body -> service.update(PrincipalRequests.Update.from(kind, body)).toJson()))
        .post(prefix + "/delete", admin(body -> Map.of(deletedField,
            service.delete(PrincipalRequests.ids(kind, body)))));
  }

  private void registerSpend(Routes.Builder routes) {
    var spend = accounts.spend();
    routes.get("/spend/logs", adminQuery(query -> spend.logs(SpendLogQuery.from(query))))
        .get("/global/spend", adminQuery(query -> spend.global(from(query), to(query))))
        .get("/global/spend/keys", adminQuery(query -> spend.byKey(from(query), to(query), limit(query))))
        .get("/global/spend/models", adminQuery(query -> spend.byModel(from(query), to(query), limit(query))))
        .get("/global/spend/end_users", adminQuery(query -> spend.byEndUser(query.apply("api_key"), from(query),
            to(query), limit(query))))
        .post("/global/spend/end_users", admin(body -> spend.byEndUser(text(body, "api_key"),
            SpendLogQuery.start(name -> text(body, name), "startTime"),
            SpendLogQuery.end(name -> text(body, name), "endTime"), 100)));
  }

  /**
   * {@code /key/info}: the operator may ask about any key; a key holder about its own (no {@code key} param). A key
   * holder asking about another key gets the same 403 whether that key exists or not (the store is not consulted).
   */
  private void keyInfo(Exchange exchange) throws IOException {
    auth.refuseWhenOpen(exchange);
    Caller caller = auth.authenticate(exchange);
    String asked = exchange.query("key");
    if (!caller.isAdmin()) {
      if (asked != null && !caller.keyHash().equals(KeySecrets.token(asked))) {
        throw new PermissionDenied("A key may only read its own /key/info", ImageGateException.Details.NONE);
      }
      asked = caller.keyHash();
    }
    if (asked == null) {
      throw new BadRequest("'key' is required", "key");
    }
    exchange.json(200, accounts.keys().info(asked).toJson());
  }

  private Routes.Endpoint admin(Function<JsonNode, Object> handler) {
    return exchange -> {
      auth.requireAdmin(exchange);
      exchange.json(200, handler.apply(body(exchange)));
    };
  }

  private Routes.Endpoint adminQuery(Function<Function<String, String>, Object> handler) {
    return exchange -> {
      auth.requireAdmin(exchange);
      exchange.json(200, handler.apply(exchange::query));
    };
  }

  private static JsonNode body(Exchange exchange) throws IOException {
    byte[] bytes = exchange.body(MAX_BODY);
    if (bytes.length == 0) {
      return Json.object();
    }
    try {
      JsonNode node = Json.parseOne(bytes);
      if (node == null || !node.isObject()) {
        throw new BadRequest("The request body must be a JSON object", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BadRequest("We could not parse the JSON body of your request: " + e.getOriginalMessage(), null);
    }
  }

  private static String required(Function<String, String> query, String name) {
    String value = query.apply(name);
    if (value == null || value.isBlank()) {
      throw new BadRequest("'" + name + "' is required", name);
    }
    return value.trim();
  }

  private static String text(JsonNode body, String name) {
    JsonNode value = body.path(name);
    if (!value.isTextual()) {
      return null;
    }
    String problem = ControlCharacters.problem(name, value.asText(), false);
    if (problem != null) {
      throw new BadRequest(problem, name);
    }
    return value.asText();
  }

  private static Instant from(Function<String, String> query) {
    return SpendLogQuery.start(query, "start_date");
  }

  private static Instant to(Function<String, String> query) {
    return SpendLogQuery.end(query, "end_date");
  }

  private static int limit(Function<String, String> query) {
    String value = query.apply("limit");
    try {
      int limit = value == null ? 100 : Integer.parseInt(value.trim());
      if (limit < 1 || limit > SpendLogQuery.MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new BadRequest("'limit' must be a whole number from 1 to " + SpendLogQuery.MAX_LIMIT, "limit");
    }
  }
}
