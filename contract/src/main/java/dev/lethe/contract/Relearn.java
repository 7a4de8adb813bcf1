package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.between;

/**
 * A relearning attack, run after unlearning to measure how robust the forgetting is: the unlearned
 * adapter is fine-tuned with plain NLL on a few forget examples for a few steps, as someone holding
 * part of the forget set would, and the forget metrics are measured again. The adapter the job
 * writes is the unlearned one; the attack's figures go into {@code report.json}.
 *
 * @param steps optimiser steps of fine-tuning
 * @param examples how many forget examples the attack trains on, drawn with the job's seed; all of
 *     them when the forget set is smaller
 * @param learningRate the attack's constant learning rate
 */
public record Relearn(int steps, int examples, double learningRate) {
  /** The most steps an attack may take: a few, not a second training run. */
  public static final int MAX_STEPS = 1000;

  /** The most forget examples an attack may train on. */
  public static final int MAX_EXAMPLES = 100_000;

  public static final int DEFAULT_STEPS = 10;
  public static final int DEFAULT_EXAMPLES = 8;

  public Relearn {
    between("evaluation.relearn.steps", steps, 1, MAX_STEPS);
    between("evaluation.relearn.examples", examples, 1, MAX_EXAMPLES);
    between(
        "evaluation.relearn.learningRate",
        learningRate,
        Limits.MIN_LEARNING_RATE,
        Limits.MAX_LEARNING_RATE);
  }
}
