package dev.lethe.trainer.method;

import static dev.lethe.contract.MethodConfig.defaults;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.RetainLoss;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.loss.RetainTerm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MethodsTest {
  @Test
  void mapsEveryMethodToItsLossWithItsParameters() {
    assertThat(Methods.of(defaults(UnlearningMethod.GRADIENT_ASCENT)))
        .isEqualTo(new GradientAscent(1));
    assertThat(Methods.of(defaults(UnlearningMethod.GRADIENT_DIFFERENCE)))
        .isEqualTo(new GradientDifference(1, new RetainTerm(RetainLoss.NLL, 1)));
    assertThat(Methods.of(defaults(UnlearningMethod.NPO)))
        .isEqualTo(new Npo(0.1, 1, new RetainTerm(RetainLoss.NLL, 1)));
    assertThat(Methods.of(defaults(UnlearningMethod.SIM_NPO)))
        .isEqualTo(new SimNpo(4.5, 0, 0.125, new RetainTerm(RetainLoss.NLL, 1)));
    assertThat(Methods.of(defaults(UnlearningMethod.IHL)))
        .isEqualTo(new Ihl(1, new RetainTerm(RetainLoss.NLL, 1)));
    assertThat(Methods.of(defaults(UnlearningMethod.IDK_DPO)))
        .isEqualTo(new IdkDpo(0.1, 1, new RetainTerm(RetainLoss.NLL, 1)));
  }

  @Test
  void passesTheUsersValuesThrough() {
    MethodConfig method =
        MethodConfig.withDefaults(
            UnlearningMethod.SIM_NPO, 2.5, 0.3, null, 0.1375, 0.5, RetainLoss.KL, null, null);

    assertThat(Methods.of(method))
        .isEqualTo(new SimNpo(2.5, 0.3, 0.1375, new RetainTerm(RetainLoss.KL, 0.5)));
  }

  @ParameterizedTest
  @EnumSource(UnlearningMethod.class)
  void everyMethodHasALoss(UnlearningMethod name) {
    assertThat(Methods.of(defaults(name))).isNotNull();
  }

  @Test
  void whpTrainsTowardsItsLabelsWithoutARetainTermByDefault() {
    assertThat(Methods.of(defaults(UnlearningMethod.WHP)))
        .isEqualTo(new WhoIsHarryPotter(1.0, new RetainTerm(RetainLoss.NLL, 0.0)));
  }
}
