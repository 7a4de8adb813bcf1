package dev.lethe.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.trainer.model.ForwardMode;
import dev.lethe.trainer.model.LlamaModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergedModelTest {

  @Test
  void theMergedModelGivesTheLogitsOfTheBaseWithItsAdapter(@TempDir Path out) throws Exception {
    Path base = Path.of(MergedModelTest.class.getResource("/reference/llama-gqa").toURI());
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel adapted = LlamaModel.load(base, manager, DataType.FLOAT32)) {
      PeftAdapterReader.read(base.resolve("lethe-adapter"), adapted);
      MergedModel.write(out, base, adapted);

      try (LlamaModel merged = LlamaModel.load(out, manager, DataType.FLOAT32)) {
        NDArray ids = manager.create(new long[][] {{1, 124, 135, 82, 101, 85, 82, 144}});
        NDArray mask = ids.onesLike();
        NDArray withAdapter = adapted.logits(ids, mask, ForwardMode.EVAL);
        NDArray withoutAdapter = adapted.logits(ids, mask, ForwardMode.REFERENCE);

        assertThat(
                merged.logits(ids, mask, ForwardMode.EVAL).allClose(withAdapter, 1e-4, 1e-5, false))
            .isTrue();
        assertThat(withAdapter.allClose(withoutAdapter, 1e-2, 1e-2, false))
            .as("the adapter matters")
            .isFalse();
      }
    }
  }
}
