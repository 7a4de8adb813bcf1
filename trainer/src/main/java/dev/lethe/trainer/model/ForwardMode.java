package dev.lethe.trainer.model;

/**
 * How a forward pass runs: with or without the LoRA adapters (the reference model is the base with
 * adapters off, docs/methods.md#one-copy-of-the-weights), and with dropout (training) or without.
 */
public record ForwardMode(boolean adapterEnabled, boolean training) {
  public static final ForwardMode TRAIN = new ForwardMode(true, true);
  public static final ForwardMode EVAL = new ForwardMode(true, false);
  public static final ForwardMode REFERENCE = new ForwardMode(false, false);
}
