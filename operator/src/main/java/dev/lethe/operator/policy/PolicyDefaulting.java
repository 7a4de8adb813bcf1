package dev.lethe.operator.policy;

import dev.lethe.api.v1alpha1.EvaluationSpec;
import dev.lethe.api.v1alpha1.GateSpec;
import dev.lethe.api.v1alpha1.MethodSpec;
import dev.lethe.api.v1alpha1.PolicyDefaults;
import dev.lethe.api.v1alpha1.TrainingSpec;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fills what a job's spec leaves out from one policy's defaults, field by field, and remembers
 * which fields it filled. The job keeps every value it sets. Pure.
 */
final class PolicyDefaulting {
  private final List<String> filled = new ArrayList<>();

  private PolicyDefaulting() {}

  /** The spec with the defaults filled in, and the paths of the fields that were filled. */
  record Defaulted(UnlearningJobSpec spec, List<String> fields) {}

  static Defaulted apply(UnlearningJobSpec spec, PolicyDefaults defaults) {
    PolicyDefaulting d = new PolicyDefaulting();
    UnlearningJobSpec s = spec;
    UnlearningJobSpec filled =
        new UnlearningJobSpec(
            s.model(),
            s.data(),
            d.method(s.method(), defaults.methods()),
            s.lora(),
            d.training(s.training(), defaults.training()),
            d.evaluation(s.evaluation(), defaults.gates()),
            s.output(),
            d.fill(s.image(), defaults.image(), "image"),
            d.fill(s.resources(), defaults.resources(), "resources"),
            d.fill(s.nodeSelector(), defaults.nodeSelector(), "nodeSelector"),
            d.fill(s.tolerations(), defaults.tolerations(), "tolerations"),
            d.fill(s.affinity(), defaults.affinity(), "affinity"),
            d.fill(s.priorityClassName(), defaults.priorityClassName(), "priorityClassName"),
            d.fill(s.serviceAccountName(), defaults.serviceAccountName(), "serviceAccountName"),
            s.backoffLimit(),
            d.fill(
                s.activeDeadlineSeconds(),
                defaults.activeDeadlineSeconds(),
                "activeDeadlineSeconds"),
            d.fill(
                s.ttlSecondsAfterFinished(),
                defaults.ttlSecondsAfterFinished(),
                "ttlSecondsAfterFinished"),
            s.suspend());
    return new Defaulted(filled, List.copyOf(d.filled));
  }

  /** The job's own value, or the default, noting the field when the default is used. */
  private <T> T fill(T own, T fallback, String path) {
    if (own != null || fallback == null) {
      return own;
    }
    filled.add(path);
    return fallback;
  }

  private MethodSpec method(MethodSpec m, List<MethodSpec> defaults) {
    MethodSpec p =
        Objects.requireNonNullElse(defaults, List.<MethodSpec>of()).stream()
            .filter(candidate -> candidate.name() == m.name())
            .findFirst()
            .orElse(null);
    if (p == null) {
      return m;
    }
    return new MethodSpec(
        m.name(),
        fill(m.beta(), p.beta(), "method.beta"),
        fill(m.delta(), p.delta(), "method.delta"),
        fill(m.alpha(), p.alpha(), "method.alpha"),
        fill(m.forgetWeight(), p.forgetWeight(), "method.forgetWeight"),
        fill(m.retainWeight(), p.retainWeight(), "method.retainWeight"),
        fill(m.retainLoss(), p.retainLoss(), "method.retainLoss"),
        fill(m.reinforceEpochs(), p.reinforceEpochs(), "method.reinforceEpochs"),
        fill(m.reinforceLearningRate(), p.reinforceLearningRate(), "method.reinforceLearningRate"));
  }

  private TrainingSpec training(TrainingSpec own, TrainingSpec p) {
    if (p == null) {
      return own;
    }
    TrainingSpec t = own != null ? own : TrainingSpec.NONE;
    return new TrainingSpec(
        fill(t.epochs(), p.epochs(), "training.epochs"),
        fill(t.maxSteps(), p.maxSteps(), "training.maxSteps"),
        fill(t.learningRate(), p.learningRate(), "training.learningRate"),
        fill(t.batchSize(), p.batchSize(), "training.batchSize"),
        fill(t.gradientAccumulation(), p.gradientAccumulation(), "training.gradientAccumulation"),
        fill(t.maxSeqLen(), p.maxSeqLen(), "training.maxSeqLen"),
        fill(t.warmupRatio(), p.warmupRatio(), "training.warmupRatio"),
        fill(t.weightDecay(), p.weightDecay(), "training.weightDecay"),
        fill(t.maxGradNorm(), p.maxGradNorm(), "training.maxGradNorm"),
        fill(t.schedule(), p.schedule(), "training.schedule"),
        fill(t.seed(), p.seed(), "training.seed"),
        fill(t.precision(), p.precision(), "training.precision"),
        fill(t.checkpointEverySteps(), p.checkpointEverySteps(), "training.checkpointEverySteps"));
  }

  /** The job's gates, plus each default gate on a metric the job sets no gate on. */
  private EvaluationSpec evaluation(EvaluationSpec own, List<GateSpec> defaults) {
    if (defaults == null || defaults.isEmpty()) {
      return own;
    }
    EvaluationSpec evaluation = own != null ? own : EvaluationSpec.NONE;
    List<GateSpec> gates = new ArrayList<>(evaluation.gatesOrNone());
    for (GateSpec gate : defaults) {
      if (gates.stream().noneMatch(g -> g.metric() == gate.metric())) {
        gates.add(gate);
        filled.add("evaluation.gates[" + gate.metric().key() + "]");
      }
    }
    return evaluation.withGates(gates);
  }
}
