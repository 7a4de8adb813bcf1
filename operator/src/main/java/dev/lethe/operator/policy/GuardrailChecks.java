package dev.lethe.operator.policy;

import dev.lethe.api.v1alpha1.GateSpec;
import dev.lethe.api.v1alpha1.Guardrails;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.contract.Gate;
import dev.lethe.operator.model.Claims;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The guardrails of one policy, checked against a job's spec as it will run (its defaults filled
 * in). Each message names the policy and the rule, in the words the chart's admission policy uses.
 * Pure.
 */
final class GuardrailChecks {
  static final String GPU = "nvidia.com/gpu";

  private final String policy;
  private final List<String> violations = new ArrayList<>();

  private GuardrailChecks(String policy) {
    this.policy = policy;
  }

  /**
   * @param image the image the trainer will run: the job's, a default's, or the operator's own
   */
  static List<String> violations(
      String policy, Guardrails g, UnlearningJobSpec spec, String image) {
    GuardrailChecks c = new GuardrailChecks(policy);
    c.allowed("method", spec.method().name(), g.methods(), "methods");
    if (g.images() != null && g.images().stream().noneMatch(entry -> imageMatches(entry, image))) {
      c.violate("image " + image + " is not allowed (guardrails.images: " + list(g.images()) + ")");
    }
    c.allowed(
        "serviceAccountName", spec.serviceAccountName(), g.serviceAccounts(), "serviceAccounts");
    c.allowed(
        "priorityClassName", spec.priorityClassName(), g.priorityClasses(), "priorityClasses");
    c.resources(g, spec.resources());
    if (g.maxActiveDeadlineSeconds() != null
        && spec.activeDeadlineSeconds() != null
        && spec.activeDeadlineSeconds() > g.maxActiveDeadlineSeconds()) {
      c.violate(
          "activeDeadlineSeconds "
              + spec.activeDeadlineSeconds()
              + " is above guardrails.maxActiveDeadlineSeconds "
              + g.maxActiveDeadlineSeconds());
    }
    for (String claim : Claims.read(spec)) {
      c.allowed("claim", claim, "may not be read", g.readableClaims(), "readableClaims");
    }
    c.allowed(
        "output claim",
        Claims.written(spec),
        "may not be written",
        g.writableClaims(),
        "writableClaims");
    c.requiredGates(g.requiredGates(), spec);
    return List.copyOf(c.violations);
  }

  /**
   * Whether a guardrails.images entry allows an image: a prefix ending in '/', a digest, or the
   * whole reference.
   */
  static boolean imageMatches(String entry, String image) {
    if (entry.endsWith("/")) {
      return image.startsWith(entry);
    }
    if (entry.startsWith("sha256:")) {
      return image.endsWith("@" + entry);
    }
    return image.equals(entry);
  }

  private void allowed(String what, Object value, List<?> allowed, String rule) {
    allowed(what, value, "is not allowed", allowed, rule);
  }

  private void allowed(String what, Object value, String refusal, List<?> allowed, String rule) {
    if (value != null && allowed != null && !allowed.contains(value)) {
      violate(
          what + " " + value + " " + refusal + " (guardrails." + rule + ": " + list(allowed) + ")");
    }
  }

  private void resources(Guardrails g, ResourceRequirements resources) {
    if (g.maxGpus() != null) {
      atMost(resources, GPU, new Quantity(String.valueOf(g.maxGpus())), "maxGpus");
    }
    if (g.maxMemory() != null) {
      atMost(resources, "memory", new Quantity(g.maxMemory()), "maxMemory");
    }
  }

  /** The resource's limit and request are at most {@code max}. */
  private void atMost(ResourceRequirements resources, String resource, Quantity max, String rule) {
    Stream.of(quantities(resources, true).get(resource), quantities(resources, false).get(resource))
        .filter(Objects::nonNull)
        .filter(q -> Quantity.getAmountInBytes(q).compareTo(Quantity.getAmountInBytes(max)) > 0)
        .findFirst()
        .ifPresent(q -> violate(resource + " " + q + " is above guardrails." + rule + " " + max));
  }

  private static Map<String, Quantity> quantities(ResourceRequirements r, boolean limits) {
    Map<String, Quantity> map = r == null ? null : limits ? r.getLimits() : r.getRequests();
    return map == null ? Map.of() : map;
  }

  /** Each required gate the job has must be at least as strict; a missing one is added earlier. */
  private void requiredGates(List<GateSpec> required, UnlearningJobSpec spec) {
    List<GateSpec> gates = spec.evaluation() == null ? List.of() : spec.evaluation().gatesOrNone();
    for (GateSpec need : Objects.requireNonNullElse(required, List.<GateSpec>of())) {
      if (need.metric().key().startsWith("retain.") && !hasRetainSet(spec)) {
        violate(
            "guardrails.requiredGates has "
                + need.metric().key()
                + ", which needs a retain set: set data.retain or evaluation.retain");
      }
      gates.stream()
          .filter(g -> g.metric() == need.metric() && !gate(need).tightenedBy(gate(g)))
          .findFirst()
          .ifPresent(
              g ->
                  violate(
                      "the gate on "
                          + need.metric().key()
                          + " is looser than guardrails.requiredGates ("
                          + gate(need).bounds()
                          + ")"));
    }
  }

  private void violate(String message) {
    violations.add("UnlearningPolicy " + policy + ": " + message);
  }

  private static String list(List<?> values) {
    return values.isEmpty()
        ? "none"
        : String.join(", ", values.stream().map(String::valueOf).toList());
  }

  /** Whether the job has a set that retain.* metrics are measured on. */
  static boolean hasRetainSet(UnlearningJobSpec spec) {
    return spec.data().retain() != null
        || (spec.evaluation() != null && spec.evaluation().retain() != null);
  }

  /** The contract's gate for a gate of the API, for its bounds and strictness. */
  static Gate gate(GateSpec g) {
    return new Gate(g.metric(), g.min(), g.max(), g.minRatio());
  }
}
