package dev.lethe.operator.reconciler;

import dev.lethe.operator.status.OneLine;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * What a user reads about an exception of the operator's: the API server's own message where it
 * refused a request (a quota, an admission policy), else the innermost cause's message, on one
 * bounded line. The stack trace goes to the operator's log only.
 */
final class Causes {
  private Causes() {}

  static String of(Throwable failure) {
    Throwable innermost = failure;
    Deque<Throwable> pending = new ArrayDeque<>();
    Set<Throwable> seen = new HashSet<>();
    pending.add(failure);
    while (!pending.isEmpty()) {
      Throwable t = pending.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof KubernetesClientException k
          && k.getStatus() != null
          && k.getStatus().getMessage() != null) {
        return OneLine.of(k.getStatus().getMessage(), OneLine.MAX_MESSAGE);
      }
      if (t instanceof AggregatedOperatorException aggregated) {
        pending.addAll(aggregated.getAggregatedExceptions().values());
      }
      if (t.getCause() != null) {
        pending.add(t.getCause());
        innermost = t.getCause();
      }
    }
    String message = innermost.getMessage();
    return OneLine.of(
        message == null || message.isBlank() ? innermost.getClass().getSimpleName() : message,
        OneLine.MAX_MESSAGE);
  }
}
