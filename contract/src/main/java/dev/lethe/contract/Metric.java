package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The evaluation metrics a job can gate on, select its best checkpoint by, and report in its status
 * (definitions: docs/metrics.md). Names are {@code <split>.<metric>} for per-split figures and a
 * single word for aggregates. {@code rougeL} is ROUGE-L recall with stemming (TOFU), {@code
 * rougeLF1} the F1 without stemming (MUSE). The trainer's {@code report.json} has these and more
 * (per utility set, per membership-inference attack).
 */
public enum Metric {
  @JsonProperty("forget.nll")
  FORGET_NLL("forget.nll"),
  @JsonProperty("forget.tokenAccuracy")
  FORGET_TOKEN_ACCURACY("forget.tokenAccuracy"),
  @JsonProperty("forget.probability")
  FORGET_PROBABILITY("forget.probability"),
  @JsonProperty("forget.rougeL")
  FORGET_ROUGE_L("forget.rougeL"),
  @JsonProperty("forget.rougeLF1")
  FORGET_ROUGE_L_F1("forget.rougeLF1"),
  @JsonProperty("forget.truthRatio")
  FORGET_TRUTH_RATIO("forget.truthRatio"),
  @JsonProperty("forget.exactMemorization")
  FORGET_EXACT_MEMORIZATION("forget.exactMemorization"),
  @JsonProperty("forget.extractionStrength")
  FORGET_EXTRACTION_STRENGTH("forget.extractionStrength"),
  @JsonProperty("retain.nll")
  RETAIN_NLL("retain.nll"),
  @JsonProperty("retain.tokenAccuracy")
  RETAIN_TOKEN_ACCURACY("retain.tokenAccuracy"),
  @JsonProperty("retain.probability")
  RETAIN_PROBABILITY("retain.probability"),
  @JsonProperty("retain.rougeL")
  RETAIN_ROUGE_L("retain.rougeL"),
  @JsonProperty("retain.rougeLF1")
  RETAIN_ROUGE_L_F1("retain.rougeLF1"),
  @JsonProperty("retain.truthRatio")
  RETAIN_TRUTH_RATIO("retain.truthRatio"),
  /**
   * KS-test p-value of forget truth ratios against a retain-only model
   * (docs/metrics.md#forget-quality).
   */
  @JsonProperty("forgetQuality")
  FORGET_QUALITY("forgetQuality"),
  /** Harmonic mean of the utility figures present (docs/metrics.md#model-utility). */
  @JsonProperty("modelUtility")
  MODEL_UTILITY("modelUtility"),
  /**
   * Relative membership-inference AUC gap to a reference, in percent (docs/metrics.md#privleak).
   */
  @JsonProperty("privleak")
  PRIVLEAK("privleak");

  private final String key;

  Metric(String key) {
    this.key = key;
  }

  /** The name used in gates, reports and status. */
  public String key() {
    return key;
  }

  @Override
  public String toString() {
    return key;
  }
}
