package dev.imagegate.gateway.store;

import java.util.List;
import java.util.Map;

/**
 * What an operator sets on a {@link Principal} besides its budget. A setting the principal's kind does not have stays
 * at its default (null, empty, false) and is not stored.
 *
 * @param models allowed model groups; empty means every model
 * @param rpmLimit requests per minute shared by the principal's keys; null for no limit
 */
public record Profile(String alias, String email, String role, List<String> models, Integer rpmLimit,
                      Map<String, Object> metadata, boolean blocked) {
  public static final Profile NONE = builder().build();

  public Profile {
    models = Records.list(models);
    metadata = Records.map(metadata);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().alias(alias).email(email).role(role).models(models).rpmLimit(rpmLimit).metadata(metadata)
        .blocked(blocked);
  }

  /** Builds a {@link Profile}; every setting starts at its default. Not thread-safe. */
  public static final class Builder {
    private String alias;
    private String email;
    private String role;
    private List<String> models;
    private Integer rpmLimit;
    private Map<String, Object> metadata;
    private boolean blocked;

    private Builder() {}

    public Builder alias(String value) {
      alias = value;
      return this;
    }

    public Builder email(String value) {
      email = value;
      return this;
    }

    public Builder role(String value) {
      role = value;
      return this;
    }

    public Builder models(List<String> value) {
      models = value;
      return this;
    }

    public Builder rpmLimit(Integer value) {
      rpmLimit = value;
      return this;
    }

    public Builder metadata(Map<String, Object> value) {
      metadata = value;
      return this;
    }

    public Builder blocked(boolean value) {
      blocked = value;
      return this;
    }

    public Profile build() {
      return new Profile(alias, email, role, models, rpmLimit, metadata, blocked);
    }
  }
}
