package dev.imagegate.gateway.shared;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script Redis runs atomically: sent by its SHA-1 ({@code EVALSHA}), and in full ({@code EVAL}, which also
 * caches it) only when the server does not know it yet, e.g. after a restart.
 */
record RedisScript(String text, String sha) {
  static RedisScript of(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return new RedisScript(text, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
    try {
      return redis.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(text, type, keys, args);
    }
  }
}
