package dev.imagegate.bench;

import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiProvider;
import dev.imagegate.router.CallResult;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Router;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
 * The call pipeline alone, apart from HTTP: one small OpenAI-shaped call (the load benchmark's small answer) through
 * the provider's mapping only ({@code providerOnly}, the baseline: request body written, answer parsed), through the
 * SDK client ({@code sdkGenerate}) and through a router with one group ({@code routerCall}), all against an in-memory
 * transport that answers at once. The differences to the baseline are what the pipeline itself costs per call.
 *
 * <p>Run: {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main
 * PipelineBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class PipelineBenchmark {
  private static final String KEY = "sk-bench";
  private static final String BASE = "http://upstream.invalid/v1";

  private final OpenAiProvider provider = new OpenAiProvider();
  private ProviderCall providerCall;
  private ImageGate gate;
  private ImageRequest sdkRequest;
  private Router router;
  private ModelGroup group;
  private ImageRequest groupRequest;

  @Setup
  public void setup() {
    byte[] answer = Payloads.small();
    HttpTransport transport = request -> new HttpTransport.Response(200,
        Map.of("content-type", List.of("application/json")), answer);
    Env env = Env.of(Map.of());
    sdkRequest = ImageRequest.builder("a lighthouse at dusk").model("openai/gpt-image-2").apiKey(KEY).apiBase(BASE)
        .size("1024x1024").quality("low").build();
    providerCall = new ProviderCall(new ModelRef("openai", "gpt-image-2"), sdkRequest, env, transport,
        Clock.systemUTC());
    gate = ImageGate.builder().transport(transport).env(env).build();
    router = Router.builder(List.of(Deployment.builder("images", "openai/gpt-image-2").apiKey(KEY).apiBase(BASE)
        .build())).transport(transport).env(env).costWarnings(message -> { }).build();
    group = router.group("images").orElseThrow();
    groupRequest = ImageRequest.builder("a lighthouse at dusk").model("images").size("1024x1024").quality("low")
        .build();
  }

  @Benchmark
  public ImageResponse providerOnly() {
    return provider.generate(providerCall);
  }

  @Benchmark
  public ImageResponse sdkGenerate() {
    return gate.generate(sdkRequest);
  }

  @Benchmark
  public CallResult routerCall() {
    return router.call(group, groupRequest);
  }
}
