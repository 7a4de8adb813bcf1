package dev.lethe.trainer.lora;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.TargetModule;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.Projection;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes, with {@link PeftAdapterWriter}, the adapter that {@code trainer/reference} then loads
 * with PEFT ({@code make_reference.py peft-logits}) to record PEFT's logits for it. Seeded random
 * factors (B ≠ 0) so the adapter changes the logits. Run it from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl trainer exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.lethe.trainer.lora.ReferenceAdapter \
 *   -Dexec.args=trainer/src/test/resources/reference/llama-gqa
 * </pre>
 */
public final class ReferenceAdapter {
  static final String DIR = "lethe-adapter";

  private ReferenceAdapter() {}

  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    LoraConfig config =
        new LoraConfig(
            4,
            12,
            0.0,
            List.of(TargetModule.Q_PROJ, TargetModule.V_PROJ, TargetModule.DOWN_PROJ),
            LoraInit.DEFAULT);
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel llama = LlamaModel.load(model, manager, DataType.FLOAT32)) {
      Lora.attach(llama, config, 5);
      manager.getEngine().setRandomSeed(5);
      for (Projection p : llama.projections()) {
        if (p.adapter() != null) {
          Shape b = Lora.adapter(p).b().getShape();
          Lora.adapter(p)
              .b()
              .set(manager.randomNormal(0, 0.2f, b, DataType.FLOAT32).toFloatArray());
        }
      }
      PeftAdapterWriter.write(model.resolve(DIR), llama, config, model.getFileName().toString());
      System.out.println(
          "wrote "
              + model.resolve(DIR)
              + " for modules "
              + Arrays.toString(config.targetModules().toArray()));
    }
  }
}
