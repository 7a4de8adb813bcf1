package dev.lethe.trainer.lora;

import ai.djl.ndarray.NDArray;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.TargetModule;
import dev.lethe.trainer.model.Adapter;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.Projection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Puts LoRA adapters beside the model's target projections; the base weights stay frozen. */
public final class Lora {
  private Lora() {}

  /** The module name PEFT and Hugging Face use, e.g. {@code q_proj}. */
  public static String moduleName(TargetModule module) {
    return module.name().toLowerCase(Locale.ROOT);
  }

  /** The projections the config puts adapters on, in the model's order. */
  public static List<Projection> targets(LlamaModel model, LoraConfig config) {
    Set<String> modules =
        config.targetModules().stream().map(Lora::moduleName).collect(Collectors.toSet());
    return model.projections().stream().filter(p -> modules.contains(p.module())).toList();
  }

  /**
   * Adds a default-initialised adapter to every targeted projection.
   *
   * @return the trainable arrays (A and B of each adapter), in a fixed order
   */
  public static List<NDArray> attach(LlamaModel model, LoraConfig config, long seed) {
    List<NDArray> trainable = new ArrayList<>();
    for (Projection p : targets(model, config)) {
      long[] shape = p.weight().getShape().getShape(); // [out, in]
      LoraAdapter adapter =
          LoraAdapter.initialised(
              model.manager(),
              p.weight().getDataType(),
              shape[0],
              shape[1],
              config.rank(),
              config.scaling(),
              (float) config.dropout(),
              seed ^ p.name().hashCode());
      p.setAdapter(adapter);
      trainable.add(adapter.a());
      trainable.add(adapter.b());
    }
    return trainable;
  }

  /** The LoRA adapter beside this projection; null if it has none. */
  public static LoraAdapter adapter(Projection p) {
    Adapter adapter = p.adapter();
    if (adapter == null || adapter instanceof LoraAdapter) {
      return (LoraAdapter) adapter;
    }
    throw new IllegalStateException(p.name() + " carries an adapter that is not LoRA's");
  }

  /** Removes every adapter and frees its arrays (WHP's reinforced adapter, once used). */
  public static void detach(LlamaModel model) {
    for (Projection p : model.projections()) {
      if (p.adapter() != null) {
        p.adapter().close();
        p.setAdapter(null);
      }
    }
  }
}
