package dev.lethe.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.RetainLoss;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.UnlearningLoss;
import dev.lethe.trainer.method.Methods;
import dev.lethe.trainer.train.AdamW;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation through the whole model with LoRA adapters on every linear layer: the gradients
 * of the adapter factors agree with central finite differences, the frozen base weights get no
 * gradient and never move, and a garbage collection between forward and backward changes nothing
 * (docs/djl.md#scalars-and-garbage-collection).
 */
class GradientCheckTest {
  private static final TinyModel TINY = new TinyModel(16, 2, 4, 2, 32);
  private static final List<String> CORPUS =
      List.of(
          "Question: who wrote the letter? Answer: Ada wrote the letter in Paris.",
          "Question: where does Bob live? Answer: Bob lives by the old harbour.");
  private static final LoraConfig LORA =
      new LoraConfig(2, 4, 0, List.of(TargetModule.values()), LoraInit.DEFAULT);
  private static final long SEED = 7;
  private static final int SAMPLED_ENTRIES = 20;

  /**
   * The finite-difference step. Central differences err by about ε²·|L'''|/6 (truncation) plus
   * u·|L|/ε (rounding, u = 1.1e-16). NPO's loss is about 17 (its 2/β = 20 factor), so at ε = 1e-6
   * rounding alone passes 1e-5 relative on gradients of 1e-4; at 1e-4 both stay below ~5e-7
   * (measured over ε = 1e-6 to 1e-3, where truncation takes over).
   */
  private static final double EPSILON = 1e-4;

  /**
   * The bound on |analytic − numeric| / max(|analytic|, |numeric|, {@link #GRADIENT_FLOOR}): five
   * digits, or 1e-9 absolute for gradients below the floor, which finite differences cannot resolve
   * to five digits (attention gradients of this near-uniform model go down to 1e-8).
   */
  private static final double RELATIVE_TOLERANCE = 1e-5;

  private static final double GRADIENT_FLOOR = 1e-4;

  static Stream<Named<UnlearningLoss>> losses() {
    UnlearningLoss nll =
        (model, batch) -> {
          TokenBatch forget = batch.forget();
          NDArray value = LossMath.tokenMeanNll(model.logits(forget), forget.labels());
          return new LossTerms(value, value, null);
        };
    return Stream.of(
        Named.of("token-mean NLL", nll),
        Named.of("NPO + retain NLL", method(UnlearningMethod.NPO, RetainLoss.NLL)),
        Named.of("SimNPO + retain KL", method(UnlearningMethod.SIM_NPO, RetainLoss.KL)));
  }

  /** A method with its default parameters, as the trainer builds it. */
  private static UnlearningLoss method(UnlearningMethod name, RetainLoss retain) {
    return Methods.of(
        MethodConfig.withDefaults(name, null, null, null, null, null, retain, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void loraGradientsMatchFiniteDifferences(UnlearningLoss loss, @TempDir Path dir)
      throws Exception {
    try (Fixture f = Fixture.open(dir, DataType.FLOAT64, true)) {
      List<double[]> analytic = f.gradients(loss, false);
      Random random = new Random(SEED);
      double worst = 0;
      String worstEntry = "";
      for (int n = 0; n < SAMPLED_ENTRIES; n++) {
        int index = 2 * random.nextInt(f.trainable.size() / 2) + n % 2; // an A, then a B
        NDArray factor = f.trainable.get(index);
        Shape shape = factor.getShape(); // A [r, in], B [out, r]
        long row = random.nextInt((int) shape.get(0));
        long column = random.nextInt((int) shape.get(1));
        double[] before = factor.toDoubleArray();
        int flat = (int) (row * shape.get(1) + column);

        double numeric = f.centralDifference(loss, factor, row, column, before[flat]);
        double exact = analytic.get(index)[flat];
        double relative =
            Math.abs(exact - numeric)
                / Math.max(GRADIENT_FLOOR, Math.max(Math.abs(exact), Math.abs(numeric)));
        String entry = String.format("%s[%d, %d]", f.names.get(index), row, column);

        assertThat(factor.toDoubleArray()).as("%s restored", entry).containsExactly(before);
        assertThat(relative)
            .as("%s: analytic %s, numeric %s", entry, exact, numeric)
            .isLessThan(RELATIVE_TOLERANCE);
        if (relative >= worst) {
          worst = relative;
          worstEntry = String.format("%s (analytic %.6e, numeric %.6e)", entry, exact, numeric);
        }
      }
      System.out.printf("worst relative finite-difference error %.2e at %s%n", worst, worstEntry);
    }
  }

  @Test
  void frozenWeightsGetNoGradientAndDoNotChange(@TempDir Path dir) throws Exception {
    try (Fixture f = Fixture.open(dir, DataType.FLOAT64, false)) {
      UnlearningLoss npo = method(UnlearningMethod.NPO, RetainLoss.NLL);
      Map<String, byte[]> baseBefore = bytes(f.model.baseWeights());
      List<byte[]> factorsBefore = f.trainable.stream().map(NDArray::toByteArray).toList();

      f.backward(npo, false);
      // DJL 0.35.1: hasGradient() is requires_grad, and getGradient() throws unless it is set.
      for (NDArray weight : f.model.baseWeights().values()) {
        assertThat(weight.hasGradient()).isFalse();
        assertThatThrownBy(weight::getGradient)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("No gradient attached");
      }
      AdamW optimizer = new AdamW(f.trainable, 0.01, f.root);
      optimizer.step(1e-2, 1.0);
      for (int step = 1; step < 3; step++) {
        f.backward(npo, false);
        optimizer.step(1e-2, 1.0);
      }

      assertThat(bytes(f.model.baseWeights())).containsExactlyEntriesOf(baseBefore);
      for (int i = 0; i < f.trainable.size(); i++) {
        assertThat(f.trainable.get(i).toByteArray())
            .as("%s moved", f.names.get(i))
            .isNotEqualTo(factorsBefore.get(i));
      }
    }
  }

  private static Map<String, byte[]> bytes(Map<String, NDArray> weights) {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    weights.forEach((name, weight) -> copy.put(name, weight.toByteArray()));
    return copy;
  }

  @ParameterizedTest
  @EnumSource(
      value = DataType.class,
      names = {"FLOAT32", "FLOAT64"})
  void gradientsAreTheSameWhenGarbageCollectionRunsBetweenForwardAndBackward(
      DataType type, @TempDir Path dir) throws Exception {
    try (Fixture f = Fixture.open(dir, type, true)) {
      UnlearningLoss loss = method(UnlearningMethod.NPO, RetainLoss.KL);
      List<double[]> expected = f.gradients(loss, false);

      for (int repeat = 0; repeat < 2; repeat++) {
        List<double[]> collected = f.gradients(loss, true);
        for (int i = 0; i < expected.size(); i++) {
          assertThat(collected.get(i)).as(f.names.get(i)).containsExactly(expected.get(i));
        }
      }
      for (int i = 0; i < expected.size(); i++) {
        assertThat(Arrays.stream(expected.get(i)).anyMatch(g -> g != 0))
            .as("%s has a non-zero gradient", f.names.get(i))
            .isTrue();
      }
    }
  }

  /** The model with adapters on every linear layer, and one forget and one retain batch. */
  private static final class Fixture implements AutoCloseable {
    // [B = 2, T = 6]: two prompt tokens, then the answer; the second rows end in padding.
    private static final long I = TokenBatch.IGNORE_INDEX;
    private static final long[][] MASK = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}};
    private static final long[][] FORGET = {{1, 5, 9, 12, 7, 20}, {1, 6, 11, 4, 3, 3}};
    private static final long[][] FORGET_LABELS = {{I, I, 9, 12, 7, 20}, {I, I, 11, 4, I, I}};
    private static final long[][] RETAIN = {{1, 8, 14, 5, 17, 2}, {1, 10, 13, 19, 3, 3}};
    private static final long[][] RETAIN_LABELS = {{I, I, 14, 5, 17, 2}, {I, I, 13, 19, I, I}};

    final NDManager root;
    final LlamaModel model;
    final LlamaCausalLm lm;
    final List<NDArray> trainable; // A and B of each adapter, in projection order
    final List<String> names; // e.g. model.layers.1.mlp.up_proj.lora_B

    private Fixture(NDManager root, LlamaModel model, List<NDArray> trainable) {
      this.root = root;
      this.model = model;
      this.lm = new LlamaCausalLm(model);
      this.trainable = trainable;
      this.names = new ArrayList<>();
      for (Projection p : model.projections()) {
        names.add(p.name() + ".lora_A");
        names.add(p.name() + ".lora_B");
      }
    }

    /**
     * @param randomB whether to give every B small random values; at PEFT's B = 0 the gradient of
     *     every A is exactly zero, so nothing about A would be checked
     */
    static Fixture open(Path dir, DataType type, boolean randomB) throws Exception {
      TINY.write(dir, CORPUS, SEED);
      NDManager root = NDManager.newBaseManager();
      LlamaModel model = LlamaModel.load(dir, root, type);
      List<NDArray> trainable = Lora.attach(model, LORA, SEED);
      if (randomB) {
        Random random = new Random(SEED + 1);
        try (NDManager scratch = root.newSubManager()) {
          for (int i = 1; i < trainable.size(); i += 2) {
            NDArray b = trainable.get(i);
            double[] noise = new double[(int) b.size()];
            for (int j = 0; j < noise.length; j++) {
              noise[j] = 0.1 * random.nextGaussian();
            }
            b.addi(scratch.create(noise, b.getShape()).toType(type, false));
          }
        }
      }
      return new Fixture(root, model, trainable);
    }

    UnlearningBatch batch(NDManager step) {
      return new UnlearningBatch(
          new TokenBatch(step.create(FORGET), step.create(MASK), step.create(FORGET_LABELS)),
          new TokenBatch(step.create(RETAIN), step.create(MASK), step.create(RETAIN_LABELS)),
          null);
    }

    /** The loss, with nothing recorded for backpropagation. */
    double value(UnlearningLoss loss) {
      try (NDManager step = root.newSubManager()) {
        return loss.compute(lm, batch(step)).total().getDouble();
      }
    }

    /** One backward pass in its own step manager, accumulating into the factors' gradients. */
    void backward(UnlearningLoss loss, boolean collectGarbage) throws InterruptedException {
      try (NDManager step = root.newSubManager();
          NDManager pressure = root.newSubManager()) {
        List<Object> garbage = List.of();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray total = loss.compute(lm, batch(step)).total();
          if (collectGarbage) {
            garbage = collectGarbageUnderPressure(pressure);
          }
          collector.backward(total);
        }
        Reference.reachabilityFence(garbage); // the reused memory stays filled until after
      }
    }

    /** The gradient of every factor after one backward pass; it leaves them zeroed. */
    List<double[]> gradients(UnlearningLoss loss, boolean collectGarbage)
        throws InterruptedException {
      backward(loss, collectGarbage);
      List<double[]> gradients = new ArrayList<>();
      for (NDArray factor : trainable) {
        try (NDArray gradient = factor.getGradient()) { // a new handle on the same storage
          gradients.add(toDoubles(gradient));
          gradient.subi(gradient);
        }
      }
      return gradients;
    }

    /** The values, widened to double in Java so that no array lands in the model's manager. */
    private static double[] toDoubles(NDArray array) {
      if (array.getDataType() == DataType.FLOAT64) {
        return array.toDoubleArray();
      }
      float[] values = array.toFloatArray();
      double[] wide = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        wide[i] = values[i];
      }
      return wide;
    }

    /** (L(x + ε) − L(x − ε)) / 2ε for one entry, which it then restores exactly. */
    double centralDifference(
        UnlearningLoss loss, NDArray factor, long row, long column, double original) {
      double plus = original + EPSILON;
      double minus = original - EPSILON;
      set(factor, row, column, plus);
      double above = value(loss);
      set(factor, row, column, minus);
      double below = value(loss);
      set(factor, row, column, original);
      return (above - below) / (plus - minus);
    }

    /**
     * Writes one entry in place (index_put_). Not {@code NDArray.set(double[])}: that repoints the
     * tensor at a Java buffer instead of copying into its storage.
     */
    private void set(NDArray factor, long row, long column, double value) {
      try (NDManager scratch = root.newSubManager()) {
        factor.set(new NDIndex(row, column), scratch.create(value));
      }
    }

    /**
     * Runs the collector until freed direct buffers are released, then refills small native blocks
     * like the ones a scalar overload frees: direct buffers, small NDArrays and Java arrays, all
     * kept until after backward.
     */
    private static List<Object> collectGarbageUnderPressure(NDManager pressure)
        throws InterruptedException {
      List<Object> kept = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        System.gc();
        System.runFinalization();
        Thread.sleep(30);
        kept.clear();
        for (int i = 0; i < 10_000; i++) {
          ByteBuffer block = ByteBuffer.allocateDirect(4 << (i % 5));
          while (block.hasRemaining()) {
            block.put((byte) 0x7f);
          }
          kept.add(block);
          kept.add(new double[1 + i % 16]);
          if (i % 10 == 0) {
            kept.add(pressure.create(Double.NaN));
            kept.add(pressure.create(new float[] {Float.NaN, 1e30f, -1e30f}));
          }
        }
      }
      return kept;
    }

    @Override
    public void close() {
      root.close();
    }
  }
}
