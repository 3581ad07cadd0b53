package dev.imagegate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.provider.Env;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  final Path configDir = Path.of("/etc/imagegate");

  @Test
  void theDefaultIsImagegateDbNextToTheConfig() {
    DatabaseUrl url = DatabaseUrl.resolve(null, Env.of(Map.of()), configDir);
    assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.SQLITE);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:/etc/imagegate/imagegate.db");
  }

  @Test
  void configWinsOverDatabaseUrlWhichWinsOverTheDefault() {
    Env env = Env.of(Map.of("DATABASE_URL", "postgres://app@db:5433/gate"));
    assertThat(DatabaseUrl.resolve("sqlite:data/x.db", env, configDir).jdbcUrl())
        .isEqualTo("jdbc:sqlite:/etc/imagegate/data/x.db");
    assertThat(DatabaseUrl.resolve(" ", env, configDir).jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/gate");
  }

  @Test
  void postgresUrlsBecomeJdbcUrlsWithCredentialsAndSchemaApart() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p%40ss@db.internal/gate?sslmode=require&schema=ig",
        configDir);
    assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/gate?sslmode=require&currentSchema=ig");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.schema()).isEqualTo("ig");
    assertThat(url.toString()).doesNotContain("p@ss").contains("password set");
  }

  @Test
  void badUrlsSayWhatIsExpected() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x/y", configDir)).hasMessageContaining("got scheme 'mysql'");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://db:5432/", configDir)).hasMessageContaining("no database");
    assertThatThrownBy(() -> DatabaseUrl.parse("sqlite:", configDir)).hasMessageContaining("needs a file path");
  }
}
