package dev.lethe.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.trainer.data.Batches;
import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.data.TokenBatch;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.model.ForwardMode;
import dev.lethe.trainer.model.LlamaModel;
import java.util.List;

/**
 * Teacher-forced figures of a split: the token-mean NLL of the targets (as the losses use it) and
 * the share of target tokens the model predicts exactly (METHODS §3.7, exact memorisation).
 */
public final class TeacherForced {
  private TeacherForced() {}

  /** A split's figures: NLL per target token, and token accuracy in [0, 1]. */
  public record SplitMetrics(double nll, double tokenAccuracy) {}

  public static SplitMetrics evaluate(
      LlamaModel model, List<EncodedExample> examples, long padId, int batchSize) {
    double nllSum = 0;
    double correct = 0;
    double tokens = 0;
    for (int start = 0; start < examples.size(); start += batchSize) {
      List<EncodedExample> chunk =
          examples.subList(start, Math.min(examples.size(), start + batchSize));
      try (NDManager step = model.manager().newSubManager()) {
        TokenBatch batch = Batches.collate(chunk, padId, step);
        NDArray logits = model.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.EVAL);
        NDArray targets = batch.labels().get(":, 1:"); // [B, T-1]
        NDArray counted = targets.neq(step.create(TokenBatch.IGNORE_INDEX));
        double count = counted.sum().toType(DataType.FLOAT64, false).getDouble();
        if (count == 0) {
          continue;
        }
        nllSum +=
            LossMath.tokenMeanNll(logits, batch.labels())
                    .toType(DataType.FLOAT64, false)
                    .getDouble()
                * count;
        NDArray predicted = logits.get(":, :-1, :").argMax(-1); // [B, T-1]
        correct +=
            predicted
                .eq(targets)
                .logicalAnd(counted)
                .sum()
                .toType(DataType.FLOAT64, false)
                .getDouble();
        tokens += count;
      }
    }
    return new SplitMetrics(nllSum / tokens, correct / tokens);
  }
}
