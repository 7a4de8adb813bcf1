package dev.lethe.bench.quality;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.bench.data.Person;
import dev.lethe.bench.data.QaItem;
import dev.lethe.bench.data.Split;
import dev.lethe.bench.data.SyntheticBenchmark;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.Result;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.FineTuneRun;
import dev.lethe.trainer.UnlearningRun;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.train.TrainingDivergedException;
import dev.lethe.trainer.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The quality benchmark in the style of TOFU: on the synthetic benchmark, a target model fine-tuned
 * on everything and, per split, a retain model fine-tuned without the forget set (the reference for
 * forget quality); then every method the trainer implements, with its documented defaults, on
 * forget01, forget05 and forget10, each run as a job runs (LoRA, evaluation before and after).
 * Writes the results table and plots.
 */
public final class QualityBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the names of the forget metrics after the relearning attack start with. */
  static final String RELEARNED = "relearned.";

  private final Recipe recipe;
  private final long seed;
  private final int seeds;
  private final Path work;
  private final PrintStream log;

  /**
   * @param seed the data's and the target's
   * @param seeds how many times each method unlearns, from unlearning seeds {@code
   *     recipe.unlearn().seed()} onwards; the table gives each figure's mean and range
   */
  public QualityBenchmark(Recipe recipe, long seed, int seeds, Path work, PrintStream log) {
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
    }
    this.recipe = recipe;
    this.seed = seed;
    this.seeds = seeds;
    this.work = work;
    this.log = log;
  }

  /** Runs everything and writes the table and plots to {@code results}. */
  public List<Row> run(Path results) throws IOException {
    SyntheticBenchmark bench = SyntheticBenchmark.generate(recipe.data(), seed);
    Path data = work.resolve("data");
    bench.write(data);
    Path base = work.resolve("models/base");
    recipe.model().write(base, corpus(bench), seed);
    List<Row> rows = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      Path target = fineTune(base, bench.full(), bench.worldFacts(), "target", manager);
      for (Split split : Split.values()) {
        Path retainModel =
            fineTune(
                base,
                bench.retain(split),
                bench.worldFacts(),
                "retain" + split.retainSuffix(),
                manager);
        Path reference = work.resolve("references/" + split.suffix() + ".json");
        new ReferenceEvaluation(recipe, data, split).write(retainModel, reference, manager);
        rows.add(evaluated(split, "retain", retainModel, data, reference, manager));
        rows.add(evaluated(split, "target", target, data, reference, manager));
        Path anchors = writeAnchors(bench, split, data);
        for (Contender contender : Contender.ALL) {
          for (int run = 0; run < seeds; run++) {
            rows.add(unlearn(split, contender, run, target, data, anchors, reference, manager));
          }
        }
      }
    }
    ResultsTable.write(rows, recipe, seed, results);
    Plots.write(Summary.of(rows), results);
    return rows;
  }

  /** Every text the models will see or be asked about, so that the word-level tokenizer has it. */
  private static List<String> corpus(SyntheticBenchmark bench) {
    List<String> texts = new ArrayList<>(UnlearningData.bundledRefusals());
    bench.files().values().stream()
        .flatMap(List::stream)
        .forEach(
            qa -> {
              texts.add(DataConfig.DEFAULT_PROMPT_TEMPLATE.replace("{question}", qa.question()));
              texts.add(qa.answer());
              texts.add(qa.paraphrasedAnswer());
              texts.addAll(qa.perturbedAnswers());
            });
    return texts;
  }

  private Path fineTune(
      Path base, List<QaItem> people, List<QaItem> worldFacts, String name, NDManager manager)
      throws IOException {
    Path file = work.resolve("data/train_" + name + ".jsonl");
    Files.write(
        file,
        Stream.concat(people.stream(), worldFacts.stream())
            .map(SyntheticBenchmark::jsonLine)
            .toList());
    Path output = work.resolve("models/" + name);
    long started = System.nanoTime();
    long steps =
        FineTuneRun.run(
            base,
            qa(file.toString(), null),
            recipe.fineTune(),
            output,
            manager,
            TrainingListener.NONE);
    log.printf(
        "fine-tuned %s: %d steps in %.0f s%n", name, steps, (System.nanoTime() - started) / 1e9);
    return output;
  }

  private Row evaluated(
      Split split, String name, Path model, Path data, Path reference, NDManager manager) {
    long started = System.nanoTime();
    Map<String, Double> metrics =
        new ReferenceEvaluation(recipe, data, split).measure(model, reference, manager).named();
    Row row = new Row(split, name, null, metrics, (System.nanoTime() - started) / 1e9, List.of());
    log.println(row);
    return row;
  }

  /**
   * WHP's anchors for a split: each forget person's name to a holdout person's, a name the target
   * model has learned nothing about (WHP's generic counterpart, "Harry" to "Jon").
   */
  private static Path writeAnchors(SyntheticBenchmark bench, Split split, Path data)
      throws IOException {
    List<Person> people = bench.people();
    List<Person> strangers = bench.holdoutPeople();
    int count = bench.size().forgetPeople(split);
    ObjectNode anchors = JSON.createObjectNode();
    for (int i = 1; i <= count; i++) {
      anchors.put(people.get(people.size() - i).name(), strangers.get(strangers.size() - i).name());
    }
    Path file = data.resolve("anchors" + split.suffix() + ".json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), anchors);
    return file;
  }

  /** One unlearning run, the {@code run}-th seed of the contender on the split. */
  private Row unlearn(
      Split split,
      Contender contender,
      int run,
      Path target,
      Path data,
      Path anchors,
      Path reference,
      NDManager manager)
      throws IOException {
    String name = contender.toString();
    TrainingConfig training = recipe.unlearn().withSeed(recipe.unlearn().seed() + run);
    Path output = work.resolve("runs/" + split.suffix() + "/" + name + "/seed-" + training.seed());
    UnlearningMethod method = contender.method();
    boolean retain = method.hasRetainTerm() || contender.init() == LoraInit.FILA;
    TrainerConfig config =
        new TrainerConfig(
            "bench/" + split.suffix() + "/" + name,
            new TrainerConfig.ModelConfig(target.toString()),
            qa(
                data.resolve(split.forgetFile()).toString(),
                retain ? data.resolve(split.retainFile()).toString() : null,
                contender.anchored() ? anchors.toString() : null),
            recipe.method(method),
            new LoraConfig(8, 16.0, 0.0, Arrays.asList(TargetModule.values()), contender.init()),
            training,
            ReferenceEvaluation.config(recipe, data, split, reference),
            new TrainerConfig.OutputConfig(output.toString(), false),
            new TrainerConfig.ReportingConfig(0, output.resolve("result.json").toString()));
    List<Double> losses = new ArrayList<>();
    TrainingListener listener = TrainingListener.unlearningSteps(step -> losses.add(step.loss()));
    Row row;
    try {
      Result result = UnlearningRun.run(config, manager, listener);
      Map<String, Double> metrics = new LinkedHashMap<>(result.after());
      metrics.putAll(relearned(output));
      row = new Row(split, name, training.seed(), metrics, result.durationSeconds(), losses);
    } catch (TrainingDivergedException e) {
      log.println(name + " on forget" + split.suffix() + ": " + e.getMessage());
      row = new Row(split, name + " (diverged)", training.seed(), Map.of(), Double.NaN, losses);
    }
    log.println(row);
    return row;
  }

  /**
   * The forget metrics after the relearning attack, from the run's {@code report.json}, each named
   * {@code relearned.} and its key; none when the attack diverged.
   */
  private static Map<String, Double> relearned(Path output) throws IOException {
    Map<String, Double> metrics = new LinkedHashMap<>();
    JSON.readTree(output.resolve("report.json").toFile())
        .path("relearned")
        .path("forget")
        .fields()
        .forEachRemaining(e -> metrics.put(RELEARNED + e.getKey(), e.getValue().asDouble()));
    return metrics;
  }

  static DataConfig qa(String forget, String retain) {
    return qa(forget, retain, null);
  }

  /** QA files in the default template; {@code anchors} for WHP, or null. */
  static DataConfig qa(String forget, String retain, String anchors) {
    return new DataConfig(
        forget, retain, DataFormat.QA, DataConfig.DEFAULT_PROMPT_TEMPLATE, null, anchors);
  }

  /**
   * What the benchmark unlearns with: every method from PEFT's default start; LoKU's own pairing,
   * IHL from FILA's start; and WHP with anchors, each forget person's name to a stranger's.
   */
  public record Contender(UnlearningMethod method, LoraInit init, boolean anchored) {
    public static final List<Contender> ALL =
        Stream.concat(
                Arrays.stream(UnlearningMethod.values())
                    .map(m -> new Contender(m, LoraInit.DEFAULT, false)),
                Stream.of(
                    new Contender(UnlearningMethod.IHL, LoraInit.FILA, false),
                    new Contender(UnlearningMethod.WHP, LoraInit.DEFAULT, true)))
            .toList();

    @Override
    public String toString() {
      return method + (init == LoraInit.FILA ? "+FILA" : "") + (anchored ? "+anchors" : "");
    }
  }

  /**
   * One row of the results: a model on a split.
   *
   * @param model {@code retain}, {@code target} or a method
   * @param seed the unlearning run's training seed; null for the retain and target models, which
   *     are only evaluated
   * @param metrics the named metrics after unlearning
   * @param seconds wall time: the whole unlearning job (load, evaluations, training), or the
   *     evaluation alone for the retain and target models
   * @param losses the training loss of each optimiser step
   */
  public record Row(
      Split split,
      String model,
      Long seed,
      Map<String, Double> metrics,
      double seconds,
      List<Double> losses) {
    @Override
    public String toString() {
      return String.format(
          "forget%s %-20s FQ %.3g  MU %.3f  forget ROUGE-L %.3f  privleak %.1f  %.0f s",
          split.suffix(),
          model,
          metrics.getOrDefault("forgetQuality", Double.NaN),
          metrics.getOrDefault("modelUtility", Double.NaN),
          metrics.getOrDefault("forget.rougeL", Double.NaN),
          metrics.getOrDefault("privleak", Double.NaN),
          seconds);
    }
  }
}
