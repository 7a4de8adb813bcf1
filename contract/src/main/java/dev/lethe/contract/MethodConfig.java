package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.nonNegativeAtMost;
import static dev.lethe.contract.ConfigChecks.positiveAtMost;
import static dev.lethe.contract.ConfigChecks.required;
import static java.util.Objects.requireNonNullElse;

import dev.lethe.contract.UnlearningMethod.Parameter;

/**
 * A method with every parameter it takes resolved; the parameters it does not take are null. {@link
 * #withDefaults} builds one from the values a user gave.
 */
public record MethodConfig(
    UnlearningMethod name,
    Double beta,
    Double delta,
    Double alpha,
    double forgetWeight,
    double retainWeight,
    RetainLoss retainLoss,
    Integer reinforceEpochs,
    Double reinforceLearningRate) {

  public MethodConfig {
    required("method.name", name);
    requireIff(name, Parameter.BETA, beta);
    requireIff(name, Parameter.DELTA, delta);
    requireIff(name, Parameter.ALPHA, alpha);
    requireIff(name, Parameter.RETAIN_LOSS, retainLoss);
    requireIff(name, Parameter.REINFORCE_EPOCHS, reinforceEpochs);
    requireIff(name, Parameter.REINFORCE_LEARNING_RATE, reinforceLearningRate);
    if (beta != null) {
      positiveAtMost("method.beta", beta, Limits.MAX_BETA);
    }
    if (delta != null) {
      nonNegativeAtMost("method.delta", delta, Limits.MAX_DELTA);
    }
    if (alpha != null) {
      nonNegativeAtMost("method.alpha", alpha, Limits.MAX_ALPHA);
    }
    // Without the forget term a method only fine-tunes (or, with retainWeight 0, does nothing).
    positiveAtMost("method.forgetWeight", forgetWeight, Limits.MAX_LOSS_WEIGHT);
    nonNegativeAtMost("method.retainWeight", retainWeight, Limits.MAX_LOSS_WEIGHT);
    if (!name.hasRetainTerm() && retainWeight != 0) {
      throw new InvalidConfigException(
          "method.retainWeight does not apply to " + name + ", which has no retain term");
    }
    if (reinforceEpochs != null) {
      ConfigChecks.between(
          "method.reinforceEpochs", reinforceEpochs, 1, Limits.MAX_REINFORCE_EPOCHS);
    }
    if (reinforceLearningRate != null) {
      ConfigChecks.between(
          "method.reinforceLearningRate",
          reinforceLearningRate,
          Limits.MIN_LEARNING_RATE,
          Limits.MAX_LEARNING_RATE);
    }
  }

  /** The method with each parameter it takes at its default. */
  public static MethodConfig defaults(UnlearningMethod name) {
    return withDefaults(name, null, null, null, null, null, null, null, null);
  }

  /**
   * Resolves a method from what the user gave (nulls where they gave nothing): each parameter the
   * method takes gets the user's value or the method's default.
   */
  public static MethodConfig withDefaults(
      UnlearningMethod name,
      Double beta,
      Double delta,
      Double alpha,
      Double forgetWeight,
      Double retainWeight,
      RetainLoss retainLoss,
      Integer reinforceEpochs,
      Double reinforceLearningRate) {
    required("method.name", name);
    return new MethodConfig(
        name,
        name.takes(Parameter.BETA) ? requireNonNullElse(beta, name.defaultBeta()) : beta,
        name.takes(Parameter.DELTA)
            ? requireNonNullElse(delta, UnlearningMethod.DEFAULT_DELTA)
            : delta,
        name.takes(Parameter.ALPHA)
            ? requireNonNullElse(alpha, UnlearningMethod.DEFAULT_ALPHA)
            : alpha,
        requireNonNullElse(forgetWeight, name.defaultForgetWeight()),
        requireNonNullElse(retainWeight, name.defaultRetainWeight()),
        name.takes(Parameter.RETAIN_LOSS)
            ? requireNonNullElse(retainLoss, RetainLoss.NLL)
            : retainLoss,
        name.takes(Parameter.REINFORCE_EPOCHS)
            ? requireNonNullElse(reinforceEpochs, UnlearningMethod.DEFAULT_REINFORCE_EPOCHS)
            : reinforceEpochs,
        name.takes(Parameter.REINFORCE_LEARNING_RATE)
            ? requireNonNullElse(
                reinforceLearningRate, UnlearningMethod.DEFAULT_REINFORCE_LEARNING_RATE)
            : reinforceLearningRate);
  }

  private static void requireIff(UnlearningMethod method, Parameter parameter, Object value) {
    String key = "method." + parameter.field();
    if (method.takes(parameter) && value == null) {
      throw new InvalidConfigException(key + " is required for " + method);
    }
    if (!method.takes(parameter) && value != null) {
      throw new InvalidConfigException(key + " does not apply to " + method);
    }
  }
}
