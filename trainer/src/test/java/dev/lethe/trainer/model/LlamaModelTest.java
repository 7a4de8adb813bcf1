package dev.lethe.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lethe.trainer.data.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaModelTest {
  static final TinyModel TINY = new TinyModel(32, 2, 4, 2, 64);
  static final List<String> CORPUS = List.of("Question: who wrote it? Answer: Ada wrote it.");

  @Test
  void tinyModelLoadsAndGivesLogitsForEveryPosition(@TempDir Path dir) throws Exception {
    TINY.write(dir, CORPUS, 7);
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(dir, manager, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(dir, 2, 3L)) {
      long[] ids = tokenizer.encode("Question: who wrote it?");
      NDArray input = manager.create(ids).reshape(1, ids.length);
      NDArray logits =
          model.logits(
              input, manager.ones(new Shape(1, ids.length), DataType.INT64), ForwardMode.EVAL);

      assertThat(ids[0]).isEqualTo(1);
      assertThat(logits.getShape()).isEqualTo(new Shape(1, ids.length, model.config().vocabSize()));
      assertThat(model.generateGreedy(ids, 3)).startsWith(ids);
    }
  }

  @Test
  void paddingDoesNotChangeTheLogitsOfRealTokens(@TempDir Path dir) throws Exception {
    TINY.write(dir, CORPUS, 7);
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(dir, manager, DataType.FLOAT32)) {
      NDArray alone =
          model.logits(
              manager.create(new long[][] {{1, 5, 6, 7}}),
              manager.create(new long[][] {{1, 1, 1, 1}}),
              ForwardMode.EVAL);
      NDArray padded =
          model.logits(
              manager.create(new long[][] {{1, 5, 6, 7, 3, 3}}),
              manager.create(new long[][] {{1, 1, 1, 1, 0, 0}}),
              ForwardMode.EVAL);

      assertThat(padded.get(":, :4, :").allClose(alone, 1e-5, 1e-6, false)).isTrue();
    }
  }
}
