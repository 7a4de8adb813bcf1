package dev.lethe.trainer.method;

import dev.lethe.contract.DataConfig;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.loss.UnlearningLoss;

/**
 * An unlearning method: its loss, and what it does to the job's data before training. A run calls
 * {@link #withInputs} when it loads the data, evaluates the model, calls {@link #prepare}, starts
 * the adapters and trains with {@link #compute}. Adding a method is one class that implements this,
 * its case in {@link Methods#of}, and its name in the contract's {@code UnlearningMethod}.
 */
public interface Method extends UnlearningLoss {
  /**
   * Adds what the method reads beyond the forget and retain sets (IdkDPO's refusal answers). It
   * runs when the job's data is loaded, so that a bad file fails before any evaluation.
   */
  default UnlearningData withInputs(UnlearningData data, DataConfig config) {
    return data;
  }

  /**
   * The data to train on, made after the model is evaluated and before the adapters start: the
   * job's own data for most methods; WHP's generic labels, made by training and reading the model.
   */
  default UnlearningData prepare(Preparation preparation) {
    return preparation.data();
  }
}
