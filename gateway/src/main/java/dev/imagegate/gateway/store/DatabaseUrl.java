package dev.imagegate.gateway.store;

import dev.imagegate.provider.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the gateway keeps its keys, budgets and spend: {@code sqlite:PATH} (relative paths resolve against the config
 * file's directory) or {@code postgresql://user:password@host:port/db?params} ({@code postgres://} too; a
 * Prisma-style {@code schema=} parameter becomes pgjdbc's {@code currentSchema}). {@link #toString()} never shows the
 * password.
 *
 * @param schema the PostgreSQL schema to use and create, or null for the server's default
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, String user, String password, String schema) {
  public static final String DEFAULT_SQLITE_FILE = "imagegate.db";

  public enum Kind { SQLITE, POSTGRESQL }

  /**
   * The database to use: {@code configured} ({@code general_settings.database_url}) when set, else the
   * {@code DATABASE_URL} environment variable, else {@code imagegate.db} in {@code configDir}.
   */
  public static DatabaseUrl resolve(String configured, Env env, Path configDir) {
    if (configured != null && !configured.isBlank()) {
      return parse(configured, configDir);
    }
    return env.find("DATABASE_URL")
        .map(url -> parse(url, configDir))
        .orElseGet(() -> sqlite(configDir.resolve(DEFAULT_SQLITE_FILE)));
  }

  public static DatabaseUrl sqlite(Path file) {
    return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null, null);
  }

  /** Parses a URL; an {@link IllegalArgumentException} says what is wrong with it (without echoing a password). */
  public static DatabaseUrl parse(String url, Path baseDir) {
    String trimmed = url.trim();
    if (trimmed.startsWith("sqlite:")) {
      String path = trimmed.substring("sqlite:".length()).replaceFirst("^//", "");
      if (path.isBlank()) {
        throw new IllegalArgumentException("database_url 'sqlite:' needs a file path, e.g. sqlite:imagegate.db");
      }
      return sqlite(baseDir.resolve(path));
    }
    if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
      return postgres(trimmed);
    }
    throw new IllegalArgumentException(
        "database_url must start with sqlite:, postgresql:// or postgres:// (got scheme '" + scheme(trimmed) + "')");
  }

  private static DatabaseUrl postgres(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("database_url is not a valid PostgreSQL URL: " + e.getReason());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("database_url has no host: use postgresql://user@host:5432/database");
    }
    String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "" : uri.getPath().substring(1);
    if (database.isEmpty()) {
      throw new IllegalArgumentException("database_url names no database: use postgresql://user@host:5432/database");
    }
    String[] credentials = credentials(uri.getRawUserInfo());
    List<String> params = new ArrayList<>();
    String schema = null;
    for (String param : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
      String name = decode(param.contains("=") ? param.substring(0, param.indexOf('=')) : param);
      String value = decode(param.contains("=") ? param.substring(param.indexOf('=') + 1) : "");
      if (name.equals("schema") || name.equals("currentSchema")) {
        schema = value;
      } else if (!name.isEmpty()) {
        params.add(param);
      }
    }
    if (schema != null) {
      params.add("currentSchema=" + schema);
    }
    String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    String jdbc = "jdbc:postgresql://" + host + "/" + database + (params.isEmpty() ? "" : "?" + String.join("&", params));
    return new DatabaseUrl(Kind.POSTGRESQL, jdbc, credentials[0], credentials[1], schema);
  }

  private static String[] credentials(String rawUserInfo) {
    if (rawUserInfo == null || rawUserInfo.isEmpty()) {
      return new String[] {null, null};
    }
    int colon = rawUserInfo.indexOf(':');
    if (colon < 0) {
      return new String[] {decode(rawUserInfo), null};
    }
    return new String[] {decode(rawUserInfo.substring(0, colon)), decode(rawUserInfo.substring(colon + 1))};
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static String scheme(String url) {
    int colon = url.indexOf(':');
    return colon < 0 ? url.length() > 12 ? url.substring(0, 12) + "..." : url : url.substring(0, colon);
  }

  @Override
  public String toString() {
    return kind + " " + jdbcUrl + (user == null ? "" : " as " + user) + (password == null ? "" : " (password set)");
  }
}
