package dev.lethe.contract;

/**
 * Bounds and defaults shared by the API's schema and the trainer's config checks, so that the API
 * server and the trainer can never disagree about what is valid.
 */
public final class Limits {
  private Limits() {}

  public static final int MIN_LORA_RANK = 1;
  public static final int MAX_LORA_RANK = 256;
  public static final int DEFAULT_LORA_RANK = 8;

  /** The LoRA scale is alpha / rank; LoKU uses alpha = 2 · rank, and so do we by default. */
  public static final int DEFAULT_LORA_ALPHA_PER_RANK = 2;

  public static final int MAX_LORA_ALPHA = 4096;

  /**
   * The smallest learning rate that still trains: AdamW moves a weight by about the learning rate
   * per step, so at 1e-10 even {@link #MAX_STEPS} steps move it by at most 1e-3; far below, the
   * rate is 0 in float32 (1e-50 is).
   */
  public static final double MIN_LEARNING_RATE = 1e-10;

  public static final double MAX_LEARNING_RATE = 1.0;

  /** LoRA wants a larger step than full fine-tuning: LoKU's 1e-4 for Llama2-7B. */
  public static final double DEFAULT_LEARNING_RATE = 1e-4;

  public static final int MAX_EPOCHS = 1000;

  /** LoKU trains its LoRA adapters for 5 epochs (docs/methods.md#training-defaults). */
  public static final int DEFAULT_EPOCHS = 5;

  public static final int MAX_STEPS = 10_000_000;

  public static final int MAX_BATCH_SIZE = 1024;
  public static final int DEFAULT_BATCH_SIZE = 4;
  public static final int MAX_GRADIENT_ACCUMULATION = 1024;

  /**
   * 4 × 8 = 32, the effective batch of every reference configuration in
   * docs/methods.md#training-defaults.
   */
  public static final int DEFAULT_GRADIENT_ACCUMULATION = 8;

  public static final int MIN_SEQ_LEN = 16;
  public static final int MAX_SEQ_LEN = 32768;

  /** open-unlearning's max_length for QA data. */
  public static final int DEFAULT_SEQ_LEN = 512;

  /** One epoch of five, as in LoKU's warmup of one epoch. */
  public static final double DEFAULT_WARMUP_RATIO = 0.2;

  public static final double DEFAULT_WEIGHT_DECAY = 0.01;
  public static final double DEFAULT_MAX_GRAD_NORM = 1.0;
  public static final int DEFAULT_SEED = 42;

  public static final double MAX_BETA = 100.0;
  public static final double MAX_DELTA = 100.0;
  public static final double MAX_ALPHA = 100.0;
  public static final double MAX_LOSS_WEIGHT = 1000.0;
  public static final int MAX_REINFORCE_EPOCHS = 100;

  public static final int MAX_GATES = 16;

  /**
   * Greedy generation for ROUGE-L: open-unlearning's {@code max_new_tokens}
   * (docs/metrics.md#rouge-l).
   */
  public static final int DEFAULT_MAX_NEW_TOKENS = 200;

  public static final int MAX_NEW_TOKENS = 4096;

  /** Named evaluation sets of general knowledge that model utility averages over. */
  public static final int MAX_UTILITY_SETS = 8;

  /** Where the trainer serves GET /metrics and GET /progress. */
  public static final int TRAINER_PORT = 9464;

  /** The termination message Kubernetes keeps is cut at 4096 bytes; the result must fit. */
  public static final int MAX_RESULT_BYTES = 4096;

  /**
   * What the operator copies from a trainer's result into a job's status, at most: the message's
   * characters (longer is cut, marked with {@code " ..."}), and the adapter path's. Metrics are
   * bounded by their names (only {@link Metric} keys), gates by {@link #MAX_GATES}.
   */
  public static final int MAX_RESULT_MESSAGE = 1024;

  public static final int MAX_ADAPTER_PATH = 256;

  /** The longest progress stage (e.g. {@code unlearn}) the operator copies into a job's status. */
  public static final int MAX_PROGRESS_STAGE = 32;
}
