package dev.lethe.trainer.loss;

import static dev.lethe.trainer.loss.TinyBatches.LN2;
import static dev.lethe.trainer.loss.TinyBatches.LN3;
import static dev.lethe.trainer.loss.TinyBatches.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.trainer.ManagedArrays;
import dev.lethe.trainer.model.TokenBatch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossMathTest extends ManagedArrays {
  private static final double EXACT = 1e-12;

  @Test
  void tokenMeanNllAveragesOverEveryAnswerTokenOfTheBatch() {
    TokenBatch forget = TinyBatches.forget(manager);
    NDArray logits = TinyBatches.model(manager).logits(forget);

    // (ln 2 + 2 ln 2 + 2 ln 2 + (2 ln 2 − ln 3)) / 4 tokens = (7 ln 2 − ln 3) / 4 = 0.938354;
    // a mean of per-sequence means would be (5 ln 2 / 3 + 0.287682) / 2 = 0.721464.
    assertThat(scalar(LossMath.tokenMeanNll(logits, forget.labels())))
        .isCloseTo((7 * LN2 - LN3) / 4, within(EXACT));
  }

  @Test
  void sequenceNllSumsEachSequencesAnswerTokens() {
    TokenBatch forget = TinyBatches.forget(manager);
    NDArray logits = TinyBatches.model(manager).logits(forget);

    // [ln 2 + 2 ln 2 + 2 ln 2, 2 ln 2 − ln 3] = [3.465736, 0.287682]
    assertThat(LossMath.sequenceNll(logits, forget.labels()).toDoubleArray())
        .containsExactly(new double[] {5 * LN2, 2 * LN2 - LN3}, within(EXACT));
  }

  @Test
  void answerLengthsCountTheUnshiftedLabels() {
    assertThat(LossMath.answerLengths(TinyBatches.forget(manager).labels()).toLongArray())
        .containsExactly(3, 1);
    // A label at position 0 has no logits to score it after shifting, but it still counts.
    NDArray labels = manager.create(new long[][] {{5, 1, TokenBatch.IGNORE_INDEX}});
    assertThat(LossMath.answerLengths(labels).toLongArray()).containsExactly(2);
  }

  @Test
  void klToReferenceAveragesOverNonPaddingPositions() {
    TokenBatch forget = TinyBatches.forget(manager);
    TableLm model = TinyBatches.model(manager);

    // Against a uniform reference, KL(u ‖ p) = Σ_v (1/3)(ln 1/3 − ln p_v) = −ln 3 − (1/3) Σ_v ln
    // p_v.
    //   ids 0, 1, 2, 4 (weights a permutation of 1,1,2 or 1,2,1 over 4): Σ ln p = ln 2 − 3 ln 4
    //     = −5 ln 2, so KL = 5 ln 2 / 3 − ln 3 = 0.056633 each
    //   id 5 (1,1,6 over 8): Σ ln p = ln 6 − 3 ln 8 = ln 3 − 8 ln 2, so KL = 8 ln 2 / 3 − 4 ln 3 /
    // 3
    //   ids 3, 6 (uniform): 0;  id 7 is padding and excluded
    // mean over 7 positions = (28 ln 2 / 3 − 16 ln 3 / 3) / 7 = 4 (7 ln 2 − 4 ln 3) / 21 = 0.087158
    // (with the padding position: 0.325176)
    NDArray kl =
        LossMath.klToReference(
            model.logits(forget), model.referenceLogits(forget), forget.attentionMask());

    assertThat(scalar(kl)).isCloseTo(4 * (7 * LN2 - 4 * LN3) / 21, within(EXACT));
  }

  @Test
  void klToReferenceIgnoresWhatPaddingPositionsPredict() {
    TokenBatch forget = TinyBatches.forget(manager);
    NDArray logits = TinyBatches.model(manager).logits(forget);
    NDArray reference = manager.zeros(logits.getShape(), DataType.FLOAT64);
    // Only position (1, 3), the padding, changes.
    NDArray otherPadding = logits.duplicate();
    otherPadding.set(new NDIndex("1, 3, :"), manager.create(new double[] {9, -9, 0}));

    double kl = scalar(LossMath.klToReference(logits, reference, forget.attentionMask()));
    double klOtherPadding =
        scalar(LossMath.klToReference(otherPadding, reference, forget.attentionMask()));

    assertThat(klOtherPadding).isCloseTo(kl, within(EXACT));
  }

  @Test
  void klToReferenceIsZeroWhenLogitsEqualTheReference() {
    TokenBatch forget = TinyBatches.forget(manager);
    TableLm model = TableLm.atInitialisation(TinyBatches.table(manager));

    NDArray kl =
        LossMath.klToReference(
            model.logits(forget), model.referenceLogits(forget), forget.attentionMask());

    assertThat(scalar(kl)).isCloseTo(0, within(EXACT));
  }

  @Test
  void invertedHingeIsTheTokenMeanOfOnePlusTargetMinusBestOtherProbability() {
    TokenBatch forget = TinyBatches.forget(manager);
    NDArray logits = TinyBatches.model(manager).logits(forget);

    // (1.25 + 0.75 + 0.75 + 1.625) / 4 answer tokens = 1.09375 (TinyBatches' table)
    assertThat(scalar(LossMath.invertedHinge(logits, forget.labels())))
        .isCloseTo(1.09375, within(EXACT));
  }

  @Test
  void invertedHingeEqualsTheClampedReferenceFormulaBecauseTheClampNeverActivates() {
    Random random = new Random(7);
    int batch = 3;
    int length = 6;
    int vocab = 5;
    double[] raw = new double[batch * length * vocab];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = 4 * random.nextGaussian();
    }
    long[][] labels = new long[batch][length];
    for (long[] row : labels) {
      for (int t = 0; t < length; t++) {
        row[t] = t < 2 ? TokenBatch.IGNORE_INDEX : random.nextInt(vocab);
      }
    }
    NDArray logits = manager.create(raw, new Shape(batch, length, vocab));

    double sum = 0;
    int tokens = 0;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t + 1 < length; t++) {
        long target = labels[b][t + 1];
        if (target == TokenBatch.IGNORE_INDEX) {
          continue;
        }
        double[] p = softmax(raw, (b * length + t) * vocab, vocab);
        double otherMax = 0;
        for (int v = 0; v < vocab; v++) {
          otherMax = v == target ? otherMax : Math.max(otherMax, p[v]);
        }
        double unclamped = 1 + p[(int) target] - otherMax;
        assertThat(unclamped).isPositive();
        sum += Math.max(0, unclamped); // LoKU's hinge: max(0, 1 + margin)
        tokens++;
      }
    }

    NDArray hinge = LossMath.invertedHinge(logits, manager.create(labels));

    assertThat(scalar(hinge)).isCloseTo(sum / tokens, within(EXACT));
  }

  @Test
  void logSigmoidStaysFiniteAndKeepsItsGradientAtLargeInputs() {
    NDArray x = manager.create(new double[] {-1000, 0, 1000});
    x.setRequiresGradient(true);
    double[] value;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray y = LossMath.logSigmoid(x);
      value = y.toDoubleArray();
      collector.backward(y.sum());
    }

    // log σ(x) = [−1000, −ln 2, 0]; d/dx log σ(x) = σ(−x) = [1, 1/2, 0]
    assertThat(value).containsExactly(new double[] {-1000, -LN2, 0}, within(EXACT));
    try (NDArray gradient = x.getGradient()) {
      assertThat(gradient.toDoubleArray()).containsExactly(new double[] {1, 0.5, 0}, within(EXACT));
    }
  }

  @Test
  void preferenceLossIsTwoOverBetaLogTwoAtZeroMargin() {
    NDArray margin = manager.zeros(new Shape(3), DataType.FLOAT64);

    // (2/β) · mean[−log σ(0)] = (2 / 0.25) · ln 2
    assertThat(scalar(LossMath.preferenceLoss(margin, 0.25))).isCloseTo(8 * LN2, within(EXACT));
  }

  @Test
  void resultsKeepTheLogitsDataType() {
    TokenBatch forget = TinyBatches.forget(manager);
    NDArray logits = TinyBatches.model(manager).logits(forget).toType(DataType.FLOAT32, false);

    assertThat(LossMath.tokenMeanNll(logits, forget.labels()).getDataType())
        .isEqualTo(DataType.FLOAT32);
    assertThat(LossMath.invertedHinge(logits, forget.labels()).getDataType())
        .isEqualTo(DataType.FLOAT32);
    assertThat(LossMath.preferenceLoss(LossMath.sequenceNll(logits, forget.labels()), 0.1))
        .extracting(NDArray::getDataType)
        .isEqualTo(DataType.FLOAT32);
  }

  private static double[] softmax(double[] raw, int offset, int vocab) {
    double max = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < vocab; v++) {
      max = Math.max(max, raw[offset + v]);
    }
    double[] p = new double[vocab];
    double total = 0;
    for (int v = 0; v < vocab; v++) {
      p[v] = Math.exp(raw[offset + v] - max);
      total += p[v];
    }
    for (int v = 0; v < vocab; v++) {
      p[v] /= total;
    }
    return p;
  }
}
