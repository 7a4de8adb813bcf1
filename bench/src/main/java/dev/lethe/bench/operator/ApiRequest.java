package dev.lethe.bench.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One request to the API server, from its audit events.
 *
 * @param verb the Kubernetes verb: get, list, watch, create, update, patch, delete...
 * @param resource the resource, with its subresource after a slash ({@code unlearningjobs/status});
 *     the path for a request that names none ({@code /api})
 * @param received when the API server received it
 * @param code the HTTP status of its response; 0 for a watch still open
 * @param answered when the API server finished its response; null for a watch still open
 */
record ApiRequest(String verb, String resource, Instant received, int code, Instant answered) {
  private static final Set<String> WRITES =
      Set.of("create", "update", "patch", "delete", "deletecollection");

  boolean write() {
    return WRITES.contains(verb);
  }

  /** A write of an UnlearningJob's status: what a restart must not do to an unchanged job. */
  boolean statusWrite() {
    return write() && resource.equals("unlearningjobs/status");
  }

  /** How long the API server took to answer it, in milliseconds; empty for a watch. */
  OptionalDouble serverMillis() {
    return answered == null || verb.equals("watch")
        ? OptionalDouble.empty()
        : OptionalDouble.of(Duration.between(received, answered).toNanos() / 1e6);
  }

  /** How the tables show it: {@code patch unlearningjobs/status}. */
  String kind() {
    return verb + " " + resource;
  }

  /** Whether it was received from {@code from} to {@code to}, both included. */
  boolean receivedBetween(Instant from, Instant to) {
    return !received.isBefore(from) && !received.isAfter(to);
  }
}
