package dev.lethe.trainer.data;

import dev.lethe.trainer.model.TokenBatch;

/**
 * One optimiser micro-step's data: a forget batch, the retain batch paired with it
 * (docs/methods.md#pairing), and for IdkDPO the same forget questions with refusal answers.
 *
 * @param forget the forget examples
 * @param retain the paired retain examples; null when the job has no retain set
 * @param refusal the forget questions answered with a refusal; null unless the method is IdkDPO
 */
public record UnlearningBatch(TokenBatch forget, TokenBatch retain, TokenBatch refusal) {}
