package dev.lethe.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU, memory and GPUs, as the scheduler counts them: a pod needs the sum of its containers'
 * requests (a limit stands for a missing request, as the API server defaults it).
 *
 * @param cpuMillis thousandths of a core
 * @param memoryBytes bytes
 * @param gpus whole {@code nvidia.com/gpu} devices
 */
public record NodeResources(long cpuMillis, long memoryBytes, long gpus) {
  public static final String GPU = "nvidia.com/gpu";
  public static final NodeResources NONE = new NodeResources(0, 0, 0);

  /** What one pod asks for. */
  public static NodeResources of(Pod pod) {
    NodeResources sum = NONE;
    for (Container c : pod.getSpec().getContainers()) {
      ResourceRequirements r = c.getResources();
      sum =
          sum.plus(
              new NodeResources(
                  amount(r, "cpu").movePointRight(3).longValue(),
                  amount(r, "memory").longValue(),
                  amount(r, GPU).longValue()));
    }
    return sum;
  }

  public NodeResources plus(NodeResources other) {
    return new NodeResources(
        cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes, gpus + other.gpus);
  }

  /**
   * The resources that {@code wanted} lacks when this much is free, named as the scheduler names
   * them ({@code cpu}, {@code memory}, {@code nvidia.com/gpu}); empty when it fits.
   */
  public List<String> shortOf(NodeResources wanted) {
    List<String> missing = new ArrayList<>();
    if (wanted.cpuMillis > cpuMillis) {
      missing.add("cpu");
    }
    if (wanted.memoryBytes > memoryBytes) {
      missing.add("memory");
    }
    if (wanted.gpus > gpus) {
      missing.add(GPU);
    }
    return missing;
  }

  public NodeResources minus(NodeResources other) {
    return new NodeResources(
        cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes, gpus - other.gpus);
  }

  /** As a Node's capacity: {@code cpu}, {@code memory}, and {@code nvidia.com/gpu} when any. */
  public Map<String, Quantity> quantities() {
    Map<String, Quantity> q = new LinkedHashMap<>();
    q.put("cpu", new Quantity(cpuMillis + "m"));
    q.put("memory", new Quantity(String.valueOf(memoryBytes)));
    if (gpus > 0) {
      q.put(GPU, new Quantity(String.valueOf(gpus)));
    }
    return q;
  }

  private static BigDecimal amount(ResourceRequirements r, String name) {
    if (r == null) {
      return BigDecimal.ZERO;
    }
    Quantity q = r.getRequests() == null ? null : r.getRequests().get(name);
    if (q == null && r.getLimits() != null) {
      q = r.getLimits().get(name);
    }
    return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
  }
}
