package dev.lethe.trainer.data;

/**
 * One training example: a prompt that takes no loss and a target that does. For {@code text} data
 * the prompt is empty and the loss covers the whole text.
 */
public record Example(String prompt, String target) {}
