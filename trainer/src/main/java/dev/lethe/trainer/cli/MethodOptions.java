package dev.lethe.trainer.cli;

import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.RetainLoss;
import dev.lethe.contract.UnlearningMethod;
import picocli.CommandLine.Option;

/**
 * The unlearning method and its parameters; a parameter left out gets the method's default, one the
 * method does not take is refused (contract {@link MethodConfig}).
 */
final class MethodOptions {
  @Option(
      names = "--method",
      required = true,
      paramLabel = "NAME",
      description = "One of ${COMPLETION-CANDIDATES}.")
  private UnlearningMethod method;

  @Option(names = "--beta", paramLabel = "BETA", description = "NPO, SimNPO, IdkDPO.")
  private Double beta;

  @Option(names = "--delta", paramLabel = "DELTA", description = "SimNPO's margin.")
  private Double delta;

  @Option(names = "--forget-weight", paramLabel = "WEIGHT")
  private Double forgetWeight;

  @Option(names = "--retain-weight", paramLabel = "WEIGHT")
  private Double retainWeight;

  @Option(
      names = "--retain-loss",
      paramLabel = "NAME",
      description = "One of ${COMPLETION-CANDIDATES}.")
  private RetainLoss retainLoss;

  @Option(names = "--whp-alpha", paramLabel = "ALPHA", description = "WHP's logit offset.")
  private Double whpAlpha;

  @Option(
      names = "--reinforce-epochs",
      paramLabel = "N",
      description = "WHP: epochs of the reinforced model.")
  private Integer reinforceEpochs;

  @Option(
      names = "--reinforce-learning-rate",
      paramLabel = "RATE",
      description = "WHP: learning rate of the reinforced model.")
  private Double reinforceLearningRate;

  MethodConfig config() {
    return MethodConfig.withDefaults(
        method,
        beta,
        delta,
        whpAlpha,
        forgetWeight,
        retainWeight,
        retainLoss,
        reinforceEpochs,
        reinforceLearningRate);
  }
}
