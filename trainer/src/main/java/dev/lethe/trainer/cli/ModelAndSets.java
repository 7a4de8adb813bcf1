package dev.lethe.trainer.cli;

import dev.lethe.contract.DataConfig;
import picocli.CommandLine.Option;

/**
 * The model, and the forget and retain sets it is measured on: {@code unlearn} and {@code
 * evaluate}.
 */
final class ModelAndSets {
  @Option(names = "--model", required = true, paramLabel = "DIR")
  String model;

  @Option(names = "--forget", required = true, paramLabel = "FILE")
  private String forget;

  @Option(names = "--retain", paramLabel = "FILE")
  private String retain;

  /** The two sets, read as {@code reading} says. */
  DataConfig data(DataOptions reading) {
    return reading.config(forget).withRetain(retain);
  }
}
