package dev.lethe.trainer.lora;

import static dev.lethe.trainer.data.Secrets.SECRET;
import static dev.lethe.trainer.data.Secrets.assertQuotesNothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.ModelLoadException;
import dev.lethe.trainer.model.SafetensorsFile;
import dev.lethe.trainer.model.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An adapter from the user's storage that cannot be used: named, never quoted. */
class PeftAdapterReaderTest {
  static Path base() throws Exception {
    return Path.of(PeftAdapterReaderTest.class.getResource("/reference/llama-gqa").toURI());
  }

  @Test
  void anAdapterConfigThatIsNotJsonIsNamedWithItsPlace(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(PeftAdapterWriter.CONFIG_FILE), "{\"r\": 4,\n " + SECRET + "}");
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(base(), manager, DataType.FLOAT32)) {

      ModelLoadException e =
          catchThrowableOfType(ModelLoadException.class, () -> PeftAdapterReader.read(dir, model));

      assertThat(e)
          .hasMessage(
              dir.resolve(PeftAdapterWriter.CONFIG_FILE)
                  + " line 2, column 2: not valid JSON (an unexpected character)");
      assertQuotesNothing(e);
    }
  }

  @Test
  void tensorsForNoLayerAreCountedNotNamed(@TempDir Path dir) throws Exception {
    Path adapter = base().resolve("lethe-adapter");
    Files.copy(
        adapter.resolve(PeftAdapterWriter.CONFIG_FILE), dir.resolve(PeftAdapterWriter.CONFIG_FILE));
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(base(), manager, DataType.FLOAT32)) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      try (SafetensorsFile weights =
          SafetensorsFile.open(adapter.resolve(PeftAdapterWriter.WEIGHTS_FILE))) {
        for (String name : weights.names()) {
          tensors.put(name, weights.load(name, manager, DataType.FLOAT32));
        }
      }
      tensors.put(SECRET, manager.create(new float[] {1}));
      SafetensorsWriter.write(dir.resolve(PeftAdapterWriter.WEIGHTS_FILE), tensors);

      ModelLoadException e =
          catchThrowableOfType(ModelLoadException.class, () -> PeftAdapterReader.read(dir, model));

      assertThat(e).hasMessage(dir + " has 1 adapter tensors for no layer of this model");
      assertQuotesNothing(e);
    }
  }
}
