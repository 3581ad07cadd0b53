package dev.imagegate.provider.vertex;

import com.google.auth.oauth2.GoogleCredentials;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.gemini.GoogleModel;
import dev.imagegate.provider.gemini.GoogleShapedProvider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Google Vertex AI, {@code https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/
 * publishers/google/models/{model}:predict} (Imagen) or {@code :generateContent} (Gemini image models), with an OAuth2
 * bearer token from google-auth-library. Location {@code global} uses {@code https://aiplatform.googleapis.com},
 * the multi-regions {@code us} and {@code eu} {@code https://aiplatform.{us|eu}.rep.googleapis.com} (Vertex
 * "locations"); an {@code api_base} replaces the scheme and host (mocks, private endpoints).
 */
public final class VertexProvider extends GoogleShapedProvider {
  /** The location used when neither {@code vertex_location} nor {@code VERTEXAI_LOCATION} is set. */
  public static final String DEFAULT_LOCATION = "us-central1";

  static final String PROJECT = "vertex_project";
  static final String LOCATION = "vertex_location";
  static final Set<String> SETTINGS = Set.of(PROJECT, LOCATION, CredentialSource.SETTING);
  static final String[] PROJECT_ENV = {"VERTEXAI_PROJECT", "GOOGLE_CLOUD_PROJECT"};
  static final String[] LOCATION_ENV = {"VERTEXAI_LOCATION"};
  private static final Pattern LOCATION_NAME = Pattern.compile("[a-z0-9-]+");
  private static final Pattern PROJECT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]*");

  private final VertexCredentials credentials;

  /** Falls back to Application Default Credentials when a call names no credentials. */
  public VertexProvider() {
    this(new VertexCredentials(GoogleCredentials::getApplicationDefault));
  }

  VertexProvider(VertexCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public String name() {
    return "vertex_ai";
  }

  @Override
  protected GoogleModel.FrontDoor frontDoor() {
    return GoogleModel.FrontDoor.VERTEX;
  }

  @Override
  protected Set<String> settings() {
    return SETTINGS;
  }

  @Override
  protected Target target(ProviderCall call) {
    String location = location(call);
    CredentialSource source = CredentialSource.of(call);
    GoogleCredentials google = credentials.credentials(call, source);
    String project = project(call, google);
    String token = credentials.accessToken(call, source, google);
    String base = host(call, location) + "/v1/projects/" + project + "/locations/" + location + "/publishers/google";
    return new Target(base, Map.of("Authorization", "Bearer " + token));
  }

  static String location(ProviderCall call) {
    String location = call.setting(LOCATION, LOCATION_ENV).orElse(DEFAULT_LOCATION).trim();
    if (!LOCATION_NAME.matcher(location).matches()) {
      throw new BadRequest("Invalid vertex_location '" + location + "': expected a Google Cloud location such as "
          + DEFAULT_LOCATION + ", europe-west4 or global", LOCATION, call.details());
    }
    return location;
  }

  /** {@code vertex_project}, else VERTEXAI_PROJECT / GOOGLE_CLOUD_PROJECT, else the credentials' project_id. */
  static String project(ProviderCall call, GoogleCredentials google) {
    String project = call.setting(PROJECT, PROJECT_ENV).or(() -> Optional.ofNullable(google.getProjectId()))
        .map(String::trim).orElseThrow(() -> new BadRequest("No Google Cloud project for vertex_ai: set "
            + "vertex_project or VERTEXAI_PROJECT (the credentials carry no project_id)", PROJECT, call.details()));
    if (!PROJECT_NAME.matcher(project).matches()) {
      throw new BadRequest("Invalid vertex_project '" + project + "': expected a project id such as my-project",
          PROJECT, call.details());
    }
    return project;
  }

  static String host(ProviderCall call, String location) {
    String fallback = switch (location) {
      case "global" -> "https://aiplatform.googleapis.com";
      case "us", "eu" -> "https://aiplatform." + location + ".rep.googleapis.com";
      default -> "https://" + location + "-aiplatform.googleapis.com";
    };
    return call.apiBase(fallback);
  }
}
