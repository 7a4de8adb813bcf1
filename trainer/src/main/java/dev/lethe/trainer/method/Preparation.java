package dev.lethe.trainer.method;

import dev.lethe.contract.TrainerConfig;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.train.Stages;

/**
 * What a method may use to prepare its training data.
 *
 * @param config the job
 * @param model the model as loaded, no adapter on it; a method that attaches one removes it again
 * @param data the job's data, with the method's inputs ({@link Method#withInputs})
 * @param stages where a method announces and times a stage of its own
 */
public record Preparation(
    TrainerConfig config,
    LlamaModel model,
    TextTokenizer tokenizer,
    UnlearningData data,
    Stages stages) {}
