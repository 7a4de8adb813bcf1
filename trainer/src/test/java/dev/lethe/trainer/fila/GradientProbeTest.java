package dev.lethe.trainer.fila;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.model.ForwardMode;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.Projection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GradientProbeTest {

  @Test
  void theProbesWeightGradientIsAutogradsOnARealModel() throws Exception {
    Path base = Path.of(GradientProbeTest.class.getResource("/reference/llama-gqa").toURI());
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(base, manager, DataType.FLOAT32)) {
      NDArray ids = manager.create(new long[][] {{1, 124, 135, 82, 101}, {1, 85, 82, 144, 3}});
      NDArray mask = manager.create(new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 0}});
      NDArray labels =
          manager.create(new long[][] {{-100, -100, 135, 82, 101}, {-100, 85, 82, 144, -100}});
      for (Projection p : model.projections().subList(0, 7)) { // every kind, in the first block
        GradientProbe probe = new GradientProbe();
        p.setProbe(probe);
        p.weight().setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray logits = model.logits(ids, mask, ForwardMode.REFERENCE);
          collector.backward(LossMath.tokenMeanNll(logits, labels));
        }
        NDArray autograd = p.weight().getGradient();
        NDArray probed = probe.weightGradient();
        assertThat(probed.allClose(autograd, 1e-4, 1e-7, false)).as(p.name()).isTrue();
        assertThat(autograd.abs().max().getFloat()).as("a real gradient").isGreaterThan(1e-6f);
        p.setProbe(null);
        p.weight().setRequiresGradient(false);
      }
    }
  }
}
