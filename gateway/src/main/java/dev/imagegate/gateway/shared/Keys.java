package dev.imagegate.gateway.shared;

/**
 * The Redis keys of one namespace: {@code <namespace>:{<deployment id>}:<what>}. The braces are a hash tag, so a
 * deployment's keys land in one slot and the scripts that touch two of them stay valid on a Redis Cluster.
 */
record Keys(String namespace) {
  String failures(String deploymentId) {
    return of(deploymentId, "failures");
  }

  String cooling(String deploymentId) {
    return of(deploymentId, "cooling");
  }

  /** The request counter of one clock minute ({@code epochSecond / 60}). */
  String requests(String deploymentId, long minute) {
    return of(deploymentId, "rpm:" + minute);
  }

  String inFlight(String deploymentId) {
    return of(deploymentId, "in-flight");
  }

  String latencies(String deploymentId) {
    return of(deploymentId, "latency");
  }

  private String of(String deploymentId, String what) {
    return namespace + ":{" + deploymentId + "}:" + what;
  }
}
