package dev.lethe.trainer.model;

/**
 * How a forward pass runs: with or without the LoRA adapters (the reference model is the base with
 * adapters off, METHODS §1.12 decision 1), and with dropout (training) or without.
 */
public record ForwardMode(boolean adapterEnabled, boolean training) {
  public static final ForwardMode TRAIN = new ForwardMode(true, true);
  public static final ForwardMode EVAL = new ForwardMode(true, false);
  public static final ForwardMode REFERENCE = new ForwardMode(false, false);
}
