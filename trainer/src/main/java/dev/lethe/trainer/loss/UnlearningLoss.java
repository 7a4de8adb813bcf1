package dev.lethe.trainer.loss;

/** An unlearning objective: one per method (METHODS §1), built by {@code Objectives}. */
public interface UnlearningLoss {
  LossTerms compute(CausalLm model, UnlearningBatch batch);
}
