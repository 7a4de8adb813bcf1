package dev.lethe.trainer.whp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import dev.lethe.trainer.data.Batches;
import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.model.ForwardMode;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TokenBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * WHP's generic labels (docs/methods.md#whp, #whp-stages): for every original position p that takes
 * a loss and has an aligned translated position p', the label is {@code argmax_v [v_base(
 * translated)[p'−1] − α·ReLU(v_reinforced(original)[p−1] − v_base(original)[p−1])]}, the logits at
 * the position before each, which predict it. Other positions take no loss.
 */
public final class GenericLabels {
  private GenericLabels() {}

  /**
   * @param model with the reinforced adapter on: {@link ForwardMode#EVAL} is the reinforced model,
   *     {@link ForwardMode#REFERENCE} the base
   * @return the original examples with generic labels
   */
  public static List<EncodedExample> of(
      LlamaModel model, List<AlignedExample> examples, double alpha, int batchSize, long padId) {
    List<EncodedExample> labelled = new ArrayList<>();
    for (int start = 0; start < examples.size(); start += batchSize) {
      List<AlignedExample> batch =
          examples.subList(start, Math.min(examples.size(), start + batchSize));
      try (NDManager step = model.manager().newSubManager()) {
        labelled.addAll(batch(model, batch, alpha, padId, step));
      }
    }
    return labelled;
  }

  private static List<EncodedExample> batch(
      LlamaModel model, List<AlignedExample> examples, double alpha, long padId, NDManager step) {
    TokenBatch original =
        Batches.collate(examples.stream().map(AlignedExample::original).toList(), padId, step);
    TokenBatch translated =
        Batches.collate(
            examples.stream().map(e -> new EncodedExample(e.translated(), e.translated())).toList(),
            padId,
            step);
    NDArray base =
        model.logits(original.inputIds(), original.attentionMask(), ForwardMode.REFERENCE);
    NDArray reinforced =
        model.logits(original.inputIds(), original.attentionMask(), ForwardMode.EVAL);
    NDArray baseTranslated =
        model.logits(translated.inputIds(), translated.attentionMask(), ForwardMode.REFERENCE);
    NDArray alphaArray = step.create(alpha).toType(base.getDataType(), false);
    NDArray offset = Activation.relu(reinforced.sub(base)).mul(alphaArray); // [B, T, V]
    List<EncodedExample> labelled = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      AlignedExample e = examples.get(i);
      int length = e.original().ids().length;
      long[] source = new long[length - 1]; // translated logits predicting original p = j + 1
      for (int j = 0; j < source.length; j++) {
        source[j] = Math.max(e.aligned()[j + 1] - 1, 0);
      }
      NDArray aligned = baseTranslated.get(i).get(step.create(source)); // [T-1, V]
      NDArray generic = aligned.sub(offset.get(i).get(new NDIndex("0:{}", length - 1)));
      long[] argmax = generic.argMax(1).toLongArray();
      long[] labels = e.original().labels().clone();
      for (int p = 1; p < length; p++) {
        boolean takesLoss = labels[p] != TokenBatch.IGNORE_INDEX && e.aligned()[p] >= 1;
        labels[p] = takesLoss ? argmax[p - 1] : TokenBatch.IGNORE_INDEX;
      }
      labelled.add(new EncodedExample(e.original().ids(), labels));
    }
    return labelled;
  }
}
