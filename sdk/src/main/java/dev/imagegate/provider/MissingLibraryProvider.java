package dev.imagegate.provider;

import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import java.util.List;

/**
 * Stands in for a provider whose client library is not on the classpath. The SDK declares the AWS SDK (Bedrock) and
 * google-auth-library (Vertex AI) as optional dependencies, so an application calling OpenAI does not carry them;
 * without them, every call to that provider is a {@link BadRequest} naming the artifacts to add.
 *
 * @param artifacts Maven coordinates with versions, e.g. {@code com.google.auth:google-auth-library-oauth2-http:1.57.0}
 */
record MissingLibraryProvider(String name, List<String> artifacts) implements Provider {
  /** Whether every one of {@code classNames} can be loaded (without initialising it). */
  static boolean present(String... classNames) {
    ClassLoader loader = MissingLibraryProvider.class.getClassLoader();
    for (String className : classNames) {
      try {
        Class.forName(className, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    throw missing();
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    throw missing();
  }

  private BadRequest missing() {
    return new BadRequest(name + "/ models need " + String.join(", ", artifacts) + " on the classpath: the imagegate "
        + "SDK declares " + (artifacts.size() == 1 ? "it" : "them") + " optional, so add "
        + (artifacts.size() == 1 ? "it" : "them") + " to your build (the imagegate CLI and gateway include them)",
        "model");
  }
}
