package dev.lethe.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.method.Methods;
import dev.lethe.trainer.model.LlamaCausalLm;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TinyModel;
import dev.lethe.trainer.train.StepStats;
import dev.lethe.trainer.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Training speed and memory of the trainer on CPU: SimNPO with an NLL retain term, LoRA rank 8 on
 * all seven linear layers, batch 8 × 128 tokens of forget and 8 × 128 of retain per step, fp32.
 * Each model size runs in its own JVM so that its peak resident memory is its own. Writes a
 * Markdown table to {@code <dir>/trainer-speed.md}.
 *
 * <p>Usage: {@code TrainerSpeed [results-dir] [--long]}; --long runs 1,000 steps of the small model
 * to show resident memory stays flat.
 */
public final class TrainerSpeed {
  /**
   * A benchmark model: ~5M and ~30M parameters at vocabulary 4096, as the DJL prototype measured.
   */
  record Size(String name, TinyModel model, int steps) {}

  static final int VOCAB_WORDS = 4092; // + 4 special tokens = 4096
  static final int SEQ = 128;
  static final int BATCH = 8;

  private TrainerSpeed() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--one")) {
      measure(args[1], Integer.parseInt(args[2]));
      return;
    }
    Path results = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "results");
    boolean longRun = Arrays.asList(args).contains("--long");
    List<String> rows = new ArrayList<>();
    for (String size : List.of("small", "large")) {
      int steps = size.equals("small") ? (longRun ? 1000 : 200) : 30;
      rows.add(runIsolated(size, steps));
    }
    String table =
        "| model | params | steps | ms/step | tokens/s | peak RSS | RSS change over the second half |\n"
            + "|---|---|---|---|---|---|---|\n"
            + String.join("\n", rows)
            + "\n";
    Files.createDirectories(results);
    Files.writeString(results.resolve("trainer-speed.md"), header() + table);
    System.out.print(table);
  }

  private static String header() {
    return "# Trainer speed on CPU\n\n"
        + "SimNPO + NLL retain, LoRA r=8 on q/k/v/o/gate/up/down, batch 8 x 128 forget + 8 x 128 retain"
        + " tokens per step, fp32. tokens/s counts forget and retain tokens. Made by `make bench`"
        + " on "
        + Machine.current().describe()
        + ".\n\n";
  }

  /** Runs one size in a child JVM and returns its table row. */
  private static String runIsolated(String size, int steps)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String property :
        List.of(
            "ai.djl.offline", "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
      if (System.getProperty(property) != null) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            TrainerSpeed.class.getName(),
            "--one",
            size,
            String.valueOf(steps)));
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes()).trim();
    if (child.waitFor() != 0) {
      throw new IllegalStateException(size + " benchmark failed: " + out);
    }
    return out.lines().reduce((a, b) -> b).orElseThrow();
  }

  private static void measure(String size, int steps) throws Exception {
    TinyModel model =
        size.equals("small") ? new TinyModel(256, 4, 4, 4, 688) : new TinyModel(512, 8, 8, 8, 1376);
    Path dir = Files.createTempDirectory("lethe-bench");
    Random random = new Random(1);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < VOCAB_WORDS; i++) {
      words.add("w" + i);
    }
    model.write(dir.resolve("model"), List.of(String.join(" ", words)), 1);
    Path forget = writeTexts(dir.resolve("forget.jsonl"), words, random, 64);
    Path retain = writeTexts(dir.resolve("retain.jsonl"), words, random, 256);
    int warmup = 5;
    TrainingConfig training =
        new TrainingConfig(
            1000,
            steps + warmup,
            1e-4,
            BATCH,
            1,
            SEQ,
            0.0,
            0.01,
            1.0,
            Schedule.CONSTANT,
            42,
            Precision.FP32,
            null);
    List<Double> seconds = new ArrayList<>();
    long[] tokens = {0};
    long[] rssHalfway = {0};
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel llama = LlamaModel.load(dir.resolve("model"), manager, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("model"), 2, 3L)) {
      long params = llama.baseWeights().values().stream().mapToLong(NDArray::size).sum();
      UnlearningData data =
          UnlearningData.load(
              new DataConfig(
                  forget.toString(),
                  retain.toString(),
                  DataFormat.TEXT,
                  DataConfig.DEFAULT_PROMPT_TEMPLATE,
                  null,
                  null),
              tokenizer,
              SEQ,
              42);
      List<NDArray> trainable =
          Lora.attach(
              llama,
              new LoraConfig(8, 16, 0.0, Arrays.asList(TargetModule.values()), LoraInit.DEFAULT),
              42);
      TrainingLoop.run(
          new LlamaCausalLm(llama),
          llama.manager(),
          trainable,
          Methods.of(MethodConfig.defaults(UnlearningMethod.SIM_NPO)),
          data,
          training,
          (StepStats s) -> {
            if (s.step() == warmup + steps / 2) {
              rssHalfway[0] = memory("VmRSS");
            }
            if (s.step() > warmup) {
              seconds.add(s.seconds());
              tokens[0] += s.tokens();
            }
          },
          null);
      double total = seconds.stream().mapToDouble(Double::doubleValue).sum();
      long growth = memory("VmRSS") - rssHalfway[0];
      System.out.printf(
          "| %s (d %d, %d layers) | %.1fM | %d | %.0f | %,.0f | %d MB | %+d MB |%n",
          size,
          model.hidden(),
          model.layers(),
          params / 1e6,
          seconds.size(),
          1000 * total / seconds.size(),
          tokens[0] / total,
          memory("VmHWM") / 1024,
          growth / 1024);
    }
  }

  private static Path writeTexts(Path file, List<String> words, Random random, int count)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < SEQ - 2; w++) { // BOS + 126 words + EOS = 128 tokens
        text.append(w == 0 ? "" : " ").append(words.get(random.nextInt(words.size())));
      }
      lines.add("{\"text\": \"" + text + "\"}");
    }
    return Files.write(file, lines);
  }

  /** A line of /proc/self/status in kB, e.g. VmRSS (resident) or VmHWM (peak resident). */
  private static long memory(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
