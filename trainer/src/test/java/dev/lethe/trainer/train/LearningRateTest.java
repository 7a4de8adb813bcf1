package dev.lethe.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.contract.Schedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A peak of 1 with 2 warm-up steps of 10, so that each rate is the schedule's factor: Hugging
 * Face's {@code get_linear_schedule_with_warmup} and {@code get_cosine_schedule_with_warmup} give
 * the same factors at the same steps.
 */
class LearningRateTest {

  @ParameterizedTest(name = "{0} at step {1}: {2}")
  @CsvSource({
    // the warm-up rises from 0, the same for every schedule
    "LINEAR, 0, 0",
    "COSINE, 1, 0.5",
    "CONSTANT, 1, 0.5",
    // the peak when the warm-up ends
    "LINEAR, 2, 1",
    "COSINE, 2, 1",
    "CONSTANT, 2, 1",
    // half-way through the decay: linear and cosine meet at a half
    "LINEAR, 6, 0.5",
    "COSINE, 6, 0.5",
    // a quarter of the way: cosine decays slower at first, 0.5 (1 + cos(π/4))
    "LINEAR, 4, 0.75",
    "COSINE, 4, 0.8535533905932737",
    // the last step taken, and the end
    "LINEAR, 9, 0.125",
    "COSINE, 9, 0.03806023374435663",
    "CONSTANT, 9, 1",
    "LINEAR, 10, 0",
    "COSINE, 10, 0",
    // beyond the end linear stays at 0
    "LINEAR, 12, 0",
  })
  void theRateOfAStepIsTheScheduleTimesThePeak(Schedule schedule, long step, double factor) {
    assertThat(new LearningRate(1, 2, 10, schedule).at(step)).isCloseTo(factor, within(1e-12));
  }

  @ParameterizedTest
  @CsvSource({"LINEAR", "COSINE", "CONSTANT"})
  void withoutWarmUpTheFirstStepHasThePeak(Schedule schedule) {
    assertThat(new LearningRate(3e-4, 0, 10, schedule).at(0)).isEqualTo(3e-4);
  }

  /** A run that is all warm-up never reaches the peak: its last step rises to (n − 1) / n of it. */
  @ParameterizedTest
  @CsvSource({"LINEAR", "COSINE", "CONSTANT"})
  void aRunThatIsAllWarmUpOnlyRises(Schedule schedule) {
    LearningRate allWarmUp = new LearningRate(1, 4, 4, schedule);

    assertThat(allWarmUp.at(0)).isZero();
    assertThat(allWarmUp.at(3)).isEqualTo(0.75);
  }

  /** One step and no warm-up: the decay's length is taken as 1 rather than dividing by 0. */
  @ParameterizedTest
  @CsvSource({"LINEAR", "COSINE", "CONSTANT"})
  void aRunOfOneStepTakesItAtThePeak(Schedule schedule) {
    LearningRate one = new LearningRate(2, 0, 1, schedule);

    assertThat(one.at(0)).isEqualTo(2);
    assertThat(one.at(1)).isEqualTo(schedule == Schedule.CONSTANT ? 2 : 0);
  }
}
