package dev.lethe.trainer.whp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.TargetModule;
import dev.lethe.trainer.SyntheticFacts;
import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.data.Example;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.model.ForwardMode;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TinyModel;
import dev.lethe.trainer.model.TokenBatch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generic labels on a tiny model whose "reinforced" adapter is random: the formula, checked one
 * position at a time against logits computed apart.
 */
class GenericLabelsTest {
  private static final List<Example> EXAMPLES =
      List.of(
          new Example(
              "Question: Where was Ilsa Varn born?\nAnswer: ", "Ilsa Varn was born in Tarsk."),
          new Example(
              "Question: What does Kai Brenn do?\nAnswer: ", "Kai Brenn works as a diver."));
  private static final Anchors ANCHORS =
      new Anchors(Map.of("Ilsa Varn", "Oren", "Tarsk", "Jastow Kelmar"));

  @TempDir static Path dir;
  NDManager manager;
  LlamaModel model;
  TextTokenizer tokenizer;

  @BeforeAll
  static void writeModel() throws Exception {
    new TinyModel(32, 2, 4, 2, 64).write(dir, SyntheticFacts.corpus(), 7);
  }

  @BeforeEach
  void loadWithAReinforcedAdapter() {
    manager = NDManager.newBaseManager();
    model = LlamaModel.load(dir, manager, DataType.FLOAT32);
    tokenizer = TextTokenizer.load(dir, model.config());
    List<NDArray> adapter =
        Lora.attach(
            model, new LoraConfig(4, 8, 0, List.of(TargetModule.values()), LoraInit.DEFAULT), 1);
    for (NDArray b : adapter.subList(1, adapter.size())) { // B starts at zero: make it matter
      b.addi(manager.randomNormal(0, 0.5f, b.getShape(), DataType.FLOAT32));
    }
  }

  @AfterEach
  void close() {
    tokenizer.close();
    manager.close();
  }

  @Test
  void withAlphaZeroAndNoAnchorsTheLabelsAreTheBaseModelsOwnGreedyPredictions() {
    List<AlignedExample> aligned = align(Anchors.NONE);

    List<EncodedExample> labelled = GenericLabels.of(model, aligned, 0.0, 2, tokenizer.padId());

    for (int i = 0; i < aligned.size(); i++) {
      long[] ids = aligned.get(i).original().ids();
      float[][] base = logits(ids, ForwardMode.REFERENCE);
      long[] labels = labelled.get(i).labels();
      assertThat(labelled.get(i).ids()).isEqualTo(ids);
      for (int p = 1; p < ids.length; p++) {
        boolean answer = aligned.get(i).original().labels()[p] != TokenBatch.IGNORE_INDEX;
        assertThat(labels[p])
            .as("position %d", p)
            .isEqualTo(answer ? argmax(base[p - 1]) : TokenBatch.IGNORE_INDEX);
      }
    }
  }

  @Test
  void theLabelIsTheArgmaxOfTranslatedBaseLogitsMinusAlphaTimesTheReinforcedBoost() {
    double alpha = 2.0;
    List<AlignedExample> aligned = align(ANCHORS);

    List<EncodedExample> labelled = GenericLabels.of(model, aligned, alpha, 1, tokenizer.padId());

    int changed = 0;
    for (int i = 0; i < aligned.size(); i++) {
      AlignedExample e = aligned.get(i);
      float[][] base = logits(e.original().ids(), ForwardMode.REFERENCE);
      float[][] reinforced = logits(e.original().ids(), ForwardMode.EVAL);
      float[][] translated = logits(e.translated(), ForwardMode.REFERENCE);
      for (int p = 1; p < e.aligned().length; p++) {
        long expected = TokenBatch.IGNORE_INDEX;
        if (e.original().labels()[p] != TokenBatch.IGNORE_INDEX && e.aligned()[p] > 0) {
          float[] generic = translated[e.aligned()[p] - 1].clone();
          for (int v = 0; v < generic.length; v++) {
            generic[v] -= (float) (alpha * Math.max(0, reinforced[p - 1][v] - base[p - 1][v]));
          }
          expected = argmax(generic);
          changed += expected != argmax(base[p - 1]) ? 1 : 0;
        }
        assertThat(labelled.get(i).labels()[p])
            .as("example %d position %d", i, p)
            .isEqualTo(expected);
      }
    }
    assertThat(changed).as("the translation and the boost change some labels").isPositive();
  }

  private List<AlignedExample> align(Anchors anchors) {
    return EXAMPLES.stream().map(e -> AlignedExample.encode(e, anchors, tokenizer, 64)).toList();
  }

  private float[][] logits(long[] ids, ForwardMode mode) {
    try (NDManager step = manager.newSubManager()) {
      NDArray input = step.create(ids).reshape(1, ids.length);
      NDArray logits = model.logits(input, input.onesLike(), mode).get(0); // [T, V]
      int vocab = (int) logits.getShape().get(1);
      float[] flat = logits.toFloatArray();
      float[][] rows = new float[ids.length][];
      for (int t = 0; t < ids.length; t++) {
        rows[t] = Arrays.copyOfRange(flat, t * vocab, (t + 1) * vocab);
      }
      return rows;
    }
  }

  private static long argmax(float[] values) {
    int best = 0;
    for (int v = 1; v < values.length; v++) {
      if (values[v] > values[best]) {
        best = v;
      }
    }
    return best;
  }
}
