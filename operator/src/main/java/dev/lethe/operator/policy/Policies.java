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
  private Policies() {}

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
    String namespace = job.getMetadata().getNamespace();
    List<UnlearningPolicy> governing =
        all.stream()
            .filter(p -> p.getSpec() != null)
            .filter(
                p -> NamespaceSelectors.matches(p.getSpec().namespaceSelector(), namespaceLabels))
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    List<String> violations = new ArrayList<>();
    if (governing.isEmpty()) {
      violations.add(
          "no UnlearningPolicy governs namespace "
              + namespace
              + ": Lethe runs jobs only in namespaces that an UnlearningPolicy selects (the"
              + " chart's lethe-default selects every namespace unless it is narrowed or turned"
              + " off)");
    }
    Map<String, List<String>> defaulted = new LinkedHashMap<>();
    governing.forEach(p -> defaulted.put(p.getMetadata().getName(), new ArrayList<>()));

    List<UnlearningPolicy> sources =
        governing.stream().filter(p -> p.getSpec().defaults() != null).toList();
    if (sources.size() > 1) {
      violations.add(
          "UnlearningPolicies "
              + String.join(" and ", sources.stream().map(p -> p.getMetadata().getName()).toList())
              + " both set defaults for namespace "
              + namespace
              + ": only one policy may supply a namespace's defaults");
    }
    UnlearningJobSpec spec = job.getSpec();
    Map<String, String> labels =
        new LinkedHashMap<>(Objects.requireNonNullElse(job.getMetadata().getLabels(), Map.of()));
    Long ttl = null;
    if (sources.size() == 1) {
      UnlearningPolicy source = sources.get(0);
      PolicyDefaulting.Defaulted filled = PolicyDefaulting.apply(spec, source.getSpec().defaults());
      spec = filled.spec();
      defaulted.get(source.getMetadata().getName()).addAll(filled.fields());
      if (job.getSpec().ttlSecondsAfterFinished() == null) {
        ttl = spec.ttlSecondsAfterFinished();
      }
      String queue = source.getSpec().defaults().queueName();
      if (queue != null && !labels.containsKey(TrainerJobModel.QUEUE_LABEL)) {
        labels.put(TrainerJobModel.QUEUE_LABEL, queue);
        defaulted
            .get(source.getMetadata().getName())
            .add("metadata.labels[" + TrainerJobModel.QUEUE_LABEL + "]");
      }
    }
    spec = capDeadline(spec, governing, defaulted);
    spec = addRequiredGates(spec, governing, defaulted);

    String image = spec.image() != null ? spec.image() : operatorImage;
    for (UnlearningPolicy p : governing) {
      Guardrails g = p.getSpec().guardrails();
      if (g != null) {
        violations.addAll(GuardrailChecks.violations(p.getMetadata().getName(), g, spec, image));
      }
    }
    UnlearningJob effective = new UnlearningJob();
    effective.setMetadata(new ObjectMetaBuilder(job.getMetadata()).withLabels(labels).build());
    effective.setSpec(spec);
    effective.setStatus(job.getStatus());
    List<AppliedPolicy> applied =
        governing.stream()
            .map(
                p ->
                    new AppliedPolicy(
                        p.getMetadata().getName(),
                        p.getMetadata().getGeneration(),
                        List.copyOf(defaulted.get(p.getMetadata().getName()))))
            .toList();
    return new PolicyResolution(effective, new JobPolicy(applied, ttl), List.copyOf(violations));
  }

  /** A job without a deadline gets the lowest maxActiveDeadlineSeconds of its policies. */
  private static UnlearningJobSpec capDeadline(
      UnlearningJobSpec spec, List<UnlearningPolicy> governing, Map<String, List<String>> noted) {
    if (spec.activeDeadlineSeconds() != null) {
      return spec;
    }
    return governing.stream()
        .filter(p -> guardrails(p).maxActiveDeadlineSeconds() != null)
        .min(Comparator.comparing(p -> guardrails(p).maxActiveDeadlineSeconds()))
        .map(
            p -> {
              noted.get(p.getMetadata().getName()).add("activeDeadlineSeconds");
              return with(spec, spec.evaluation(), guardrails(p).maxActiveDeadlineSeconds());
            })
        .orElse(spec);
  }

  /**
   * The gates every policy requires on metrics the job sets no gate on, each as strict as the
   * strictest policy asks; the job's own gates on those metrics are checked, not changed.
   */
  private static UnlearningJobSpec addRequiredGates(
      UnlearningJobSpec spec, List<UnlearningPolicy> governing, Map<String, List<String>> noted) {
    EvaluationSpec evaluation = spec.evaluation() != null ? spec.evaluation() : EvaluationSpec.NONE;
    List<GateSpec> gates = new ArrayList<>(evaluation.gatesOrNone());
    Map<Metric, GateSpec> added = new LinkedHashMap<>();
    for (UnlearningPolicy p : governing) {
      for (GateSpec need :
          Objects.requireNonNullElse(guardrails(p).requiredGates(), List.<GateSpec>of())) {
        if (gates.stream().anyMatch(g -> g.metric() == need.metric())) {
          continue;
        }
        added.merge(need.metric(), need, Policies::strictest);
        noted.get(p.getMetadata().getName()).add("evaluation.gates[" + need.metric().key() + "]");
      }
    }
    if (added.isEmpty()) {
      return spec;
    }
    gates.addAll(added.values());
    return with(spec, evaluation.withGates(gates), spec.activeDeadlineSeconds());
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

  /** The spec with another evaluation section and deadline. */
  private static UnlearningJobSpec with(
      UnlearningJobSpec s, EvaluationSpec evaluation, Long deadline) {
    return new UnlearningJobSpec(
        s.model(),
        s.data(),
        s.method(),
        s.lora(),
        s.training(),
        evaluation,
        s.output(),
        s.image(),
        s.resources(),
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
