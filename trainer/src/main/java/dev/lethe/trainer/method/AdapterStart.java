package dev.lethe.trainer.method;

import ai.djl.ndarray.NDArray;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.fila.Fila;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.train.Stages;
import java.util.List;

/**
 * How the adapters start, whatever the method: as PEFT starts them, or by LoKU's FILA from the
 * job's own forget and retain data (stage {@code fisher}).
 */
@FunctionalInterface
public interface AdapterStart {
  /**
   * Attaches an adapter to every target of the job's LoRA config.
   *
   * @param data the job's data before a method relabels it: FILA measures what the forget set's own
   *     tokens need
   * @return the arrays to train, in a fixed order
   */
  List<NDArray> attach(LlamaModel model, UnlearningData data, Stages stages);

  /** The start the job's {@code lora.init} names. */
  static AdapterStart of(TrainerConfig config) {
    long seed = config.training().seed();
    return switch (config.lora().init()) {
      case DEFAULT -> (model, data, stages) -> Lora.attach(model, config.lora(), seed);
      case FILA ->
          (model, data, stages) ->
              stages.run(
                  "fisher",
                  () ->
                      Fila.attach(model, config.lora(), data, config.training().batchSize(), seed));
    };
  }
}
