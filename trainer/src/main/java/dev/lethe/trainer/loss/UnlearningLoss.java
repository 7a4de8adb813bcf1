package dev.lethe.trainer.loss;

import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.model.CausalLm;

/**
 * What a micro-batch is trained with: each unlearning method's loss ({@code method.Method}), and
 * the plain NLL of fine-tuning and WHP's reinforcement.
 */
public interface UnlearningLoss {
  LossTerms compute(CausalLm model, UnlearningBatch batch);
}
