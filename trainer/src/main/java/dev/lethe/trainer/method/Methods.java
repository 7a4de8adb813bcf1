package dev.lethe.trainer.method;

import dev.lethe.contract.MethodConfig;
import dev.lethe.trainer.loss.RetainTerm;

/** Each unlearning method, built from its resolved configuration. */
public final class Methods {
  private Methods() {}

  /** The method a job names, with its parameters. */
  public static Method of(MethodConfig method) {
    RetainTerm retain = RetainTerm.of(method);
    double forgetWeight = method.forgetWeight();
    return switch (method.name()) {
      case GRADIENT_ASCENT -> new GradientAscent(forgetWeight);
      case GRADIENT_DIFFERENCE -> new GradientDifference(forgetWeight, retain);
      case NPO -> new Npo(method.beta(), forgetWeight, retain);
      case SIM_NPO -> new SimNpo(method.beta(), method.delta(), forgetWeight, retain);
      case IHL -> new Ihl(forgetWeight, retain);
      case IDK_DPO -> new IdkDpo(method.beta(), forgetWeight, retain);
      case WHP -> new WhoIsHarryPotter(forgetWeight, retain);
    };
  }
}
