package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the trainer serves on {@code GET :9464/progress} while it runs. Losses are those of the last
 * logged optimiser step; {@code stage} names the phase (for WHP: reinforce, relabel, unlearn).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Progress(
    String stage,
    long step,
    long totalSteps,
    double epoch,
    Double loss,
    Double forgetLoss,
    Double retainLoss,
    Double learningRate,
    Double tokensPerSecond,
    Long etaSeconds,
    Instant updatedAt) {

  /** The share of steps done, 0 to 100, rounded down. */
  public int percent() {
    return totalSteps <= 0 ? 0 : (int) Math.min(100, step * 100 / totalSteps);
  }
}
