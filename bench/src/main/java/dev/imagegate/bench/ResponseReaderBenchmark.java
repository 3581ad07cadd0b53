package dev.imagegate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageResponse;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.openai.OpenAiMapping;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why the gateway reads OpenAI answers with its own streaming reader: the ~1.5 MB {@code b64_json} answer the load
 * benchmark uses, read (and read then written back, as the gateway does) by the reader that keeps base64 as a slice
 * of the body, versus a Jackson tree, which makes a 1.5 MB {@code String} and writes it back out by escaping it.
 *
 * <p>Run: {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main
 * ResponseReaderBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.awt.headless=true"})
public class ResponseReaderBenchmark {
  /** Drops every byte; unlike {@code OutputStream.nullOutputStream()} it stays usable after close. */
  private static final OutputStream DISCARD = new OutputStream() {
    @Override
    public void write(int b) {
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
    }
  };

  private byte[] body;

  @Setup
  public void setup() {
    body = Payloads.large();
  }

  @Benchmark
  public ImageResponse streamingRead() throws IOException {
    return OpenAiMapping.fromBody(body, "openai", "bench", 0, null);
  }

  @Benchmark
  public JsonNode jacksonTreeRead() throws IOException {
    return Json.MAPPER.readTree(body);
  }

  @Benchmark
  public ImageResponse streamingReadAndWrite() throws IOException {
    ImageResponse response = OpenAiMapping.fromBody(body, "openai", "bench", 0, null);
    response.writeOpenAiJson(DISCARD);
    return response;
  }

  @Benchmark
  public JsonNode jacksonTreeReadAndWrite() throws IOException {
    JsonNode tree = Json.MAPPER.readTree(body);
    Json.MAPPER.writeValue(DISCARD, tree);
    return tree;
  }
}
