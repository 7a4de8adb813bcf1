package dev.lethe.trainer.method;

import static dev.lethe.contract.RetainLoss.NLL;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.RetainLoss;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.contract.UnlearningMethod.Parameter;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.TableLm;
import dev.lethe.trainer.loss.TinyBatches;
import dev.lethe.trainer.loss.UnlearningLoss;
import dev.lethe.trainer.model.TokenBatch;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DJL's scalar overloads back the number with Java memory and free it; a garbage collection between
 * forward and backward then corrupts the gradients silently. Every method's loss must give the same
 * gradients whether or not the collector runs in between.
 */
class GarbageCollectionTest {
  private static final int BATCH = 4;
  private static final int LENGTH = 8;
  private static final int VOCAB = 32;
  private static final int IDS = 3 * BATCH * LENGTH; // forget, retain and refusal positions
  private static final int REPEATS = 2;

  /** Every method, with each retain loss it takes, at weights other than 1. */
  static Stream<Arguments> losses() {
    Stream<Method> losses =
        Arrays.stream(UnlearningMethod.values())
            .flatMap(
                name ->
                    Stream.of(RetainLoss.NLL, RetainLoss.KL)
                        .filter(retain -> name.takes(Parameter.RETAIN_LOSS) || retain == NLL)
                        .map(retain -> Methods.of(weighted(name, retain))));
    // float32 as in training; float64 keeps the constants' Java-backed arrays (LossMath.constant)
    return losses.flatMap(
        loss ->
            Stream.of(DataType.FLOAT32, DataType.FLOAT64).map(type -> Arguments.of(loss, type)));
  }

  private static MethodConfig weighted(UnlearningMethod name, RetainLoss retain) {
    boolean retains = name.takes(Parameter.RETAIN_LOSS);
    return MethodConfig.withDefaults(
        name, null, null, null, 0.9, retains ? 0.7 : null, retains ? retain : null, null, null);
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("losses")
  void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward(
      UnlearningLoss loss, DataType type) throws InterruptedException {
    float[] reference = randomFloats(new Random(3), IDS * VOCAB);
    float[] trained = randomFloats(new Random(5), IDS * VOCAB);
    double[] expected = gradient(loss, type, reference, trained, false);

    for (int repeat = 0; repeat < REPEATS; repeat++) {
      assertThat(gradient(loss, type, reference, trained, true)).containsExactly(expected);
    }
    assertThat(expected).doesNotContain(Double.NaN);
  }

  /** One training step's gradient of the table, in a step manager as the trainer does it. */
  private static double[] gradient(
      UnlearningLoss loss,
      DataType type,
      float[] referenceValues,
      float[] values,
      boolean collectGarbage)
      throws InterruptedException {
    try (NDManager manager = NDManager.newBaseManager();
        NDManager step = manager.newSubManager()) {
      Shape shape = new Shape(IDS, VOCAB);
      TableLm model =
          new TableLm(
              manager.create(values, shape).toType(type, false),
              manager.create(referenceValues, shape).toType(type, false));
      UnlearningBatch batch = new UnlearningBatch(batch(step, 0), batch(step, 1), batch(step, 2));
      List<ByteBuffer> pressure = List.of();
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray total = loss.compute(model, batch).total();
        if (collectGarbage) {
          pressure = collectGarbageUnderPressure();
        }
        collector.backward(total);
      }
      Reference.reachabilityFence(pressure); // the garbage stays in place until after backward
      return model.gradient();
    }
  }

  /**
   * Runs the collector until freed direct buffers are released, then reuses small native blocks
   * like the ones a scalar overload frees, filled with garbage.
   */
  private static List<ByteBuffer> collectGarbageUnderPressure() throws InterruptedException {
    List<ByteBuffer> pressure = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      System.gc();
      Thread.sleep(30);
      pressure.clear();
      for (int i = 0; i < 10_000; i++) {
        ByteBuffer block = ByteBuffer.allocateDirect(4 << (i % 5));
        while (block.hasRemaining()) {
          block.put((byte) 0x7f);
        }
        pressure.add(block);
      }
    }
    return pressure;
  }

  /** Batch {@code part} of three: its own ids, two prompt tokens, the last row half padding. */
  private static TokenBatch batch(NDManager manager, int part) {
    Random random = new Random(17 + part);
    long[][] ids = new long[BATCH][LENGTH];
    long[][] attention = new long[BATCH][LENGTH];
    long[][] labels = new long[BATCH][LENGTH];
    for (int b = 0; b < BATCH; b++) {
      for (int t = 0; t < LENGTH; t++) {
        boolean padding = b == BATCH - 1 && t >= LENGTH / 2;
        ids[b][t] = (long) part * BATCH * LENGTH + b * LENGTH + t;
        attention[b][t] = padding ? 0 : 1;
        labels[b][t] = padding || t < 2 ? TokenBatch.IGNORE_INDEX : random.nextInt(VOCAB);
      }
    }
    return TinyBatches.batch(manager, ids, attention, labels);
  }

  private static float[] randomFloats(Random random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
