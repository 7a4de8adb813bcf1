package dev.lethe.trainer.train;

import java.util.function.Consumer;

/** Told what a run is doing: its stage (load, evaluate, unlearn, write) and every step. */
public interface TrainingListener {
  TrainingListener NONE = step -> {};

  void step(StepStats stats);

  default void stage(String name) {}

  /**
   * Whether training has reached its goal and ends after the step just told: a job that stops at
   * the first evaluation where every gate passes.
   */
  default boolean goalReached() {
    return false;
  }

  /**
   * A listener told only of the steps of the stage {@code unlearn}: not of WHP's reinforcement,
   * which reports its own steps first.
   */
  static TrainingListener unlearningSteps(Consumer<StepStats> steps) {
    return new TrainingListener() {
      private boolean unlearning;

      @Override
      public void stage(String name) {
        unlearning = name.equals("unlearn");
      }

      @Override
      public void step(StepStats stats) {
        if (unlearning) {
          steps.accept(stats);
        }
      }
    };
  }
}
