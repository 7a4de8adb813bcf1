package dev.lethe.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.lethe.trainer.ManagedArrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest extends ManagedArrays {

  /** The gradient of Σ c·p is c: gradients (3, 4) and (12) have the global norm 13. */
  @Test
  void theNormIsOverTheGradientsOfEveryArrayTogether() {
    NDArray a = manager.create(new float[] {1, 1});
    NDArray b = manager.create(new float[] {1});
    a.setRequiresGradient(true);
    b.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss =
          a.mul(manager.create(new float[] {3, 4})).sum().add(b.mul(manager.create(12f)).sum());
      collector.backward(loss);
    }

    assertThat(GradientClipping.globalNorm(List.of(a, b))).isCloseTo(13, within(1e-6));
  }

  @Test
  void aNormAboveTheLimitIsScaledDownToItAndOneBelowIsLeftAlone() {
    assertThat(GradientClipping.scale(13, 1)).isCloseTo(1 / 13.0, within(1e-7));
    assertThat(GradientClipping.scale(13, 1)).as("torch's 1e-6").isLessThan(1 / 13.0);
    assertThat(GradientClipping.scale(0.5, 1)).isEqualTo(1);
    assertThat(GradientClipping.scale(0, 1)).isEqualTo(1);
  }

  @Test
  void aLimitOfZeroClipsNothing() {
    assertThat(GradientClipping.scale(1e9, 0)).isEqualTo(1);
  }
}
