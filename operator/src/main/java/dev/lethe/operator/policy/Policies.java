package dev.lethe.operator.policy;

import dev.lethe.api.v1alpha1.AppliedPolicy;
import dev.lethe.api.v1alpha1.EvaluationSpec;
import dev.lethe.api.v1alpha1.GateSpec;
import dev.lethe.api.v1alpha1.Guardrails;
import dev.lethe.api.v1alpha1.JobPolicy;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.contract.Metric;
import dev.lethe.operator.model.TrainerJobModel;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * Applies the UnlearningPolicies that govern a job's namespace (README, "Policies and
 * multi-tenancy"): a job runs only where at least one governs; the one policy with defaults fills
 * what the job leaves out, every policy's required gates and deadline cap are added, and then every
 * policy's guardrails must hold for the job as it will run. Pure: the reconciler gathers the
 * policies and the namespace's labels.
 */
public final class Policies {
  private final UnlearningJob job;
  private final List<UnlearningPolicy> governing;
  private final List<String> violations = new ArrayList<>();

  /** The fields each governing policy filled in, by policy name. */
  private final Map<String, List<String>> defaulted = new LinkedHashMap<>();

  private UnlearningJobSpec spec;
  private final Map<String, String> labels;
  private Long ttl;

  private Policies(UnlearningJob job, List<UnlearningPolicy> governing) {
    this.job = job;
    this.governing = governing;
    this.spec = job.getSpec();
    this.labels =
        new LinkedHashMap<>(Objects.requireNonNullElse(job.getMetadata().getLabels(), Map.of()));
    governing.forEach(p -> defaulted.put(name(p), new ArrayList<>()));
  }

  /**
   * @param namespaceLabels the labels of the job's namespace
   * @param all every UnlearningPolicy in the cluster
   * @param operatorImage the trainer image of jobs that neither set one nor get one from a policy
   */
  public static PolicyResolution resolve(
      UnlearningJob job,
      Map<String, String> namespaceLabels,
      Collection<UnlearningPolicy> all,
      String operatorImage) {
    Policies p =
        new Policies(
            job,
            all.stream()
                .filter(policy -> policy.getSpec() != null)
                .filter(
                    policy ->
                        NamespaceSelectors.matches(
                            policy.getSpec().namespaceSelector(), namespaceLabels))
                .sorted(Comparator.comparing(Policies::name))
                .toList());
    p.requireGoverned();
    p.fillDefaults();
    p.capDeadline();
    p.capMemory();
    p.addRequiredGates();
    p.checkGuardrails(p.spec.image() != null ? p.spec.image() : operatorImage);
    return p.resolution();
  }

  /** A job runs only in a namespace that some policy governs. */
  private void requireGoverned() {
    if (governing.isEmpty()) {
      violations.add(
          "no UnlearningPolicy governs namespace "
              + job.getMetadata().getNamespace()
              + ": Lethe runs jobs only in namespaces that an UnlearningPolicy selects (the"
              + " chart's lethe-default selects every namespace unless it is narrowed or turned"
              + " off)");
    }
  }

  /** From the one policy that sets defaults; none, and a violation, when several do. */
  private void fillDefaults() {
    String namespace = job.getMetadata().getNamespace();
    List<UnlearningPolicy> sources =
        governing.stream().filter(p -> p.getSpec().defaults() != null).toList();
    if (sources.size() > 1) {
      violations.add(
          "UnlearningPolicies "
              + String.join(" and ", sources.stream().map(Policies::name).toList())
              + " both set defaults for namespace "
              + namespace
              + ": only one policy may supply a namespace's defaults");
    }
    if (sources.size() != 1) {
      return;
    }
    UnlearningPolicy source = sources.get(0);
    PolicyDefaulting.Defaulted filled = PolicyDefaulting.apply(spec, source.getSpec().defaults());
    spec = filled.spec();
    defaulted.get(name(source)).addAll(filled.fields());
    if (job.getSpec().ttlSecondsAfterFinished() == null) {
      ttl = spec.ttlSecondsAfterFinished();
    }
    String queue = source.getSpec().defaults().queueName();
    if (queue != null && !labels.containsKey(TrainerJobModel.QUEUE_LABEL)) {
      labels.put(TrainerJobModel.QUEUE_LABEL, queue);
      defaulted.get(name(source)).add("metadata.labels[" + TrainerJobModel.QUEUE_LABEL + "]");
    }
  }

  /** A job without a deadline gets the lowest maxActiveDeadlineSeconds of its policies. */
  private void capDeadline() {
    if (spec.activeDeadlineSeconds() != null) {
      return;
    }
    governing.stream()
        .filter(p -> guardrails(p).maxActiveDeadlineSeconds() != null)
        .min(Comparator.comparing(p -> guardrails(p).maxActiveDeadlineSeconds()))
        .ifPresent(
            p -> {
              defaulted.get(name(p)).add("activeDeadlineSeconds");
              spec = with(guardrails(p).maxActiveDeadlineSeconds());
            });
  }

  /** A job without a memory limit gets the lowest maxMemory of its policies as its limit. */
  private void capMemory() {
    ResourceRequirements resources =
        spec.resources() != null ? spec.resources() : new ResourceRequirements();
    if (resources.getLimits() != null && resources.getLimits().containsKey("memory")) {
      return;
    }
    governing.stream()
        .filter(p -> guardrails(p).maxMemory() != null)
        .min(Comparator.comparing(p -> Quantity.getAmountInBytes(memory(p))))
        .ifPresent(
            p -> {
              defaulted.get(name(p)).add("resources.limits.memory");
              spec =
                  with(
                      new ResourceRequirementsBuilder(resources)
                          .addToLimits("memory", memory(p))
                          .build());
            });
  }

  private static Quantity memory(UnlearningPolicy p) {
    return new Quantity(guardrails(p).maxMemory());
  }

  /**
   * The gates every policy requires on metrics the job sets no gate on, each as strict as the
   * strictest policy asks; the job's own gates on those metrics are checked, not changed.
   */
  private void addRequiredGates() {
    EvaluationSpec evaluation = spec.evaluation() != null ? spec.evaluation() : EvaluationSpec.NONE;
    List<GateSpec> gates = new ArrayList<>(evaluation.gatesOrNone());
    Map<Metric, GateSpec> added = new LinkedHashMap<>();
    for (UnlearningPolicy p : governing) {
      for (GateSpec need :
          Objects.requireNonNullElse(guardrails(p).requiredGates(), List.<GateSpec>of())) {
        if (gates.stream().noneMatch(g -> g.metric() == need.metric())) {
          added.merge(need.metric(), need, Policies::strictest);
          defaulted.get(name(p)).add("evaluation.gates[" + need.metric().key() + "]");
        }
      }
    }
    if (!added.isEmpty()) {
      gates.addAll(added.values());
      spec = with(evaluation.withGates(gates));
    }
  }

  private void checkGuardrails(String image) {
    for (UnlearningPolicy p : governing) {
      violations.addAll(GuardrailChecks.violations(name(p), guardrails(p), spec, image));
    }
  }

  private PolicyResolution resolution() {
    UnlearningJob effective = new UnlearningJob();
    effective.setMetadata(new ObjectMetaBuilder(job.getMetadata()).withLabels(labels).build());
    effective.setSpec(spec);
    effective.setStatus(job.getStatus());
    List<AppliedPolicy> applied =
        governing.stream()
            .map(
                p ->
                    new AppliedPolicy(
                        name(p),
                        p.getMetadata().getGeneration(),
                        List.copyOf(defaulted.get(name(p)))))
            .toList();
    return new PolicyResolution(effective, new JobPolicy(applied, ttl), List.copyOf(violations));
  }

  static GateSpec strictest(GateSpec a, GateSpec b) {
    return new GateSpec(
        a.metric(),
        either(a.min(), b.min(), Math::max),
        either(a.max(), b.max(), Math::min),
        either(a.minRatio(), b.minRatio(), Math::max));
  }

  /** The bound both set, combined; the one that is set; or none. */
  private static Double either(Double a, Double b, BinaryOperator<Double> combine) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return combine.apply(a, b);
  }

  private static Guardrails guardrails(UnlearningPolicy p) {
    Guardrails g = p.getSpec().guardrails();
    return g != null ? g : Guardrails.NONE;
  }

  private static String name(UnlearningPolicy p) {
    return p.getMetadata().getName();
  }

  private UnlearningJobSpec with(Long deadline) {
    return with(spec.evaluation(), spec.resources(), deadline);
  }

  private UnlearningJobSpec with(EvaluationSpec evaluation) {
    return with(evaluation, spec.resources(), spec.activeDeadlineSeconds());
  }

  private UnlearningJobSpec with(ResourceRequirements resources) {
    return with(spec.evaluation(), resources, spec.activeDeadlineSeconds());
  }

  /** The spec with another evaluation section, resources and deadline. */
  private UnlearningJobSpec with(
      EvaluationSpec evaluation, ResourceRequirements resources, Long deadline) {
    UnlearningJobSpec s = spec;
    return new UnlearningJobSpec(
        s.model(),
        s.data(),
        s.method(),
        s.lora(),
        s.training(),
        evaluation,
        s.output(),
        s.image(),
        resources,
        s.nodeSelector(),
        s.tolerations(),
        s.affinity(),
        s.priorityClassName(),
        s.serviceAccountName(),
        s.backoffLimit(),
        deadline,
        s.ttlSecondsAfterFinished(),
        s.suspend());
  }
}
