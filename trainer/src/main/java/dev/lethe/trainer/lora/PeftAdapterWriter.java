package dev.lethe.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.contract.LoraConfig;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.Projection;
import dev.lethe.trainer.model.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the adapters in Hugging Face PEFT's layout, which PEFT's {@code PeftModel.from_pretrained}
 * and vLLM's LoRA loader read: {@code adapter_config.json} and {@code adapter_model.safetensors}
 * with keys {@code base_model.model.<module>.lora_A.weight} ({@code [r, in]}) and {@code
 * ...lora_B.weight} ({@code [out, r]}). An adapter started by FILA is written as the rank-2r
 * adapter it is on the original weights (docs/methods.md#fila-export; {@link LoraAdapter}).
 */
public final class PeftAdapterWriter {
  public static final String CONFIG_FILE = "adapter_config.json";
  public static final String WEIGHTS_FILE = "adapter_model.safetensors";
  private static final String PREFIX = "base_model.model.";

  private PeftAdapterWriter() {}

  /** The tensor name of a projection's factor, e.g. {@code ...q_proj.lora_A.weight}. */
  static String key(Projection p, String factor) {
    return PREFIX + p.name() + "." + factor + ".weight";
  }

  public static void write(Path dir, LlamaModel model, LoraConfig config, String baseModel)
      throws IOException {
    Files.createDirectories(dir);
    int rankFactor = 1;
    try (NDManager scratch = model.manager().newSubManager()) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      for (Projection p : model.projections()) {
        if (Lora.adapter(p) != null) {
          tensors.put(key(p, "lora_A"), Lora.adapter(p).exportedA(scratch));
          tensors.put(key(p, "lora_B"), Lora.adapter(p).exportedB(scratch));
          rankFactor = Lora.adapter(p).exportedRankFactor();
        }
      }
      SafetensorsWriter.write(dir.resolve(WEIGHTS_FILE), tensors);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode c = json.createObjectNode();
    c.put("peft_type", "LORA");
    c.put("task_type", "CAUSAL_LM");
    c.put("base_model_name_or_path", baseModel);
    // FILA's adapter has twice the rank and twice the alpha: the same scaling alpha / r.
    c.put("r", config.rank() * rankFactor);
    double alpha = config.alpha() * rankFactor;
    if (alpha == Math.rint(alpha)) {
      c.put("lora_alpha", (long) alpha); // PEFT and vLLM configs carry an integer
    } else {
      c.put("lora_alpha", alpha);
    }
    c.put("lora_dropout", config.dropout());
    var modules = c.putArray("target_modules");
    config.targetModules().forEach(m -> modules.add(Lora.moduleName(m)));
    c.put("bias", "none");
    c.put("fan_in_fan_out", false);
    c.put("inference_mode", true);
    c.put("init_lora_weights", true);
    c.putNull("modules_to_save");
    c.put("use_rslora", false);
    c.put("use_dora", false);
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG_FILE).toFile(), c);
  }
}
