package dev.lethe.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.RetainLoss;
import dev.lethe.contract.UnlearningMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObjectivesTest {
  @Test
  void mapsEveryMethodToItsLossWithItsParameters() {
    assertThat(Objectives.forMethod(defaults(UnlearningMethod.GRADIENT_ASCENT)))
        .isEqualTo(new GradientAscentLoss(1));
    assertThat(Objectives.forMethod(defaults(UnlearningMethod.GRADIENT_DIFFERENCE)))
        .isEqualTo(new GradientDifferenceLoss(1, new RetainTerm(RetainLoss.NLL, 1)));
    assertThat(Objectives.forMethod(defaults(UnlearningMethod.NPO)))
        .isEqualTo(new NpoLoss(0.1, 1, new RetainTerm(RetainLoss.NLL, 1)));
    assertThat(Objectives.forMethod(defaults(UnlearningMethod.SIM_NPO)))
        .isEqualTo(new SimNpoLoss(4.5, 0, 0.125, new RetainTerm(RetainLoss.NLL, 1)));
    assertThat(Objectives.forMethod(defaults(UnlearningMethod.IHL)))
        .isEqualTo(new IhlLoss(1, new RetainTerm(RetainLoss.NLL, 1)));
    assertThat(Objectives.forMethod(defaults(UnlearningMethod.IDK_DPO)))
        .isEqualTo(new IdkDpoLoss(0.1, 1, new RetainTerm(RetainLoss.NLL, 1)));
  }

  @Test
  void passesTheUsersValuesThrough() {
    MethodConfig method =
        MethodConfig.withDefaults(
            UnlearningMethod.SIM_NPO, 2.5, 0.3, null, 0.1375, 0.5, RetainLoss.KL, null, null);

    assertThat(Objectives.forMethod(method))
        .isEqualTo(new SimNpoLoss(2.5, 0.3, 0.1375, new RetainTerm(RetainLoss.KL, 0.5)));
  }

  @ParameterizedTest
  @EnumSource(UnlearningMethod.class)
  void everyMethodHasALoss(UnlearningMethod name) {
    assertThat(Objectives.forMethod(defaults(name))).isNotNull();
  }

  @Test
  void whpTrainsTowardsItsLabelsWithoutARetainTermByDefault() {
    assertThat(Objectives.forMethod(defaults(UnlearningMethod.WHP)))
        .isEqualTo(new WhpLoss(1.0, new RetainTerm(RetainLoss.NLL, 0.0)));
  }

  private static MethodConfig defaults(UnlearningMethod name) {
    return MethodConfig.withDefaults(name, null, null, null, null, null, null, null, null);
  }
}
