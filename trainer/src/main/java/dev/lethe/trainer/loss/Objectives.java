package dev.lethe.trainer.loss;

import dev.lethe.contract.MethodConfig;

/** Builds the loss of each unlearning method from its resolved configuration (METHODS §1). */
public final class Objectives {
  private Objectives() {}

  /**
   * The loss a method trains with. WHP's is the last of its stages, on the generic labels that
   * {@code WhoIsHarryPotter} puts on the forget set first.
   */
  public static UnlearningLoss forMethod(MethodConfig method) {
    RetainTerm retain = RetainTerm.of(method);
    double forgetWeight = method.forgetWeight();
    return switch (method.name()) {
      case GRADIENT_ASCENT -> new GradientAscentLoss(forgetWeight);
      case GRADIENT_DIFFERENCE -> new GradientDifferenceLoss(forgetWeight, retain);
      case NPO -> new NpoLoss(method.beta(), forgetWeight, retain);
      case SIM_NPO -> new SimNpoLoss(method.beta(), method.delta(), forgetWeight, retain);
      case IHL -> new IhlLoss(forgetWeight, retain);
      case IDK_DPO -> new IdkDpoLoss(method.beta(), forgetWeight, retain);
      case WHP -> new WhpLoss(forgetWeight, retain);
    };
  }
}
