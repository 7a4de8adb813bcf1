package dev.lethe.trainer.eval;

/**
 * ROUGE-L of one generation against its reference, as {@code rouge_score} computes it
 * (docs/metrics.md#rouge-l): recall = LCS / reference tokens, precision = LCS / generated tokens,
 * and their harmonic mean. TOFU reports the recall, MUSE the F1.
 */
public record RougeScore(double recall, double precision, double f1) {}
