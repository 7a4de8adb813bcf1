package dev.lethe.trainer.loss;

import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.model.CausalLm;

/** An unlearning objective: one per method (METHODS §1), built by {@code Objectives}. */
public interface UnlearningLoss {
  LossTerms compute(CausalLm model, UnlearningBatch batch);
}
