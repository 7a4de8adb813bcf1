package dev.lethe.trainer.train;

/** Told what a run is doing: its stage (load, evaluate, unlearn, write) and every step. */
public interface TrainingListener {
  TrainingListener NONE = step -> {};

  void step(StepStats stats);

  default void stage(String name) {}
}
