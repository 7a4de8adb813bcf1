package dev.lethe.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's target model: a tiny Llama (the trainer's {@code tiny-model}) fully fine-tuned (the
 * trainer's {@code finetune}) on every fact of {@code examples/demo/facts.yaml} until it has
 * memorised them. Both run as trainer processes. The result is cached under {@code
 * ${XDG_CACHE_HOME:-~/.cache}/lethe/} by a hash of the facts and the recipe, so later demos skip
 * it; training is deterministic, so a cached model is the one a fresh run would make.
 */
public final class DemoModel {
  /** The recipe; any change makes a new cache entry. */
  static final List<String> TINY_MODEL =
      List.of("--hidden", "64", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--seed", "1");

  static final List<String> FINETUNE =
      List.of(
          "--epochs", "60",
          "--learning-rate", "3e-3",
          "--batch-size", "8",
          "--gradient-accumulation", "1",
          "--warmup-ratio", "0.1",
          "--weight-decay", "0");

  private DemoModel() {}

  /** Where cached demo models live. */
  public static Path defaultCache(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("lethe");
  }

  /**
   * The memorised model's directory: from the cache, or made now.
   *
   * @param say one line per step, for people
   */
  public static Path prepare(LocalSettings settings, Path cache, Consumer<String> say)
      throws IOException, InterruptedException {
    Path factsFile = settings.repo().resolve("examples/demo/facts.yaml");
    byte[] facts = Files.readAllBytes(factsFile);
    Path model = cache.resolve("demo-model-" + key(facts));
    if (Files.isRegularFile(model.resolve("model.safetensors"))) {
      say.accept("the tiny model that memorised the facts is cached: " + model);
      return model;
    }
    say.accept(
        "training a tiny Llama until it has memorised every fact of "
            + settings.repo().relativize(factsFile)
            + " (once; cached in "
            + model
            + ")");
    Path work = Files.createDirectories(cache.resolve("work-" + ProcessHandle.current().pid()));
    Path all = work.resolve("all.jsonl");
    ConfigMap map;
    try (InputStream in = Files.newInputStream(factsFile)) {
      map = Serialization.unmarshal(in, ConfigMap.class);
    }
    Files.writeString(all, map.getData().get("forget.jsonl") + map.getData().get("retain.jsonl"));
    Path log = settings.home().logs().resolve("demo-model.log");
    long start = System.nanoTime();
    try {
      trainer(settings, log, "tiny-model", all, work.resolve("base"), TINY_MODEL);
      trainer(
          settings,
          log,
          "finetune",
          all,
          work.resolve("target"),
          withModel(work.resolve("base"), FINETUNE));
      Files.move(work.resolve("target"), model, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      DirectoryTree.delete(work);
    }
    say.accept(
        String.format("trained in %.0f s (log: %s)", (System.nanoTime() - start) / 1e9, log));
    return model;
  }

  private static List<String> withModel(Path model, List<String> flags) {
    List<String> all = new ArrayList<>(List.of("--model", model.toString()));
    all.addAll(flags);
    return all;
  }

  private static void trainer(
      LocalSettings settings, Path log, String command, Path data, Path output, List<String> flags)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                LocalSettings.java(),
                "-jar",
                settings.trainerJar().toString(),
                command,
                "--data",
                data.toString(),
                "--output",
                output.toString()));
    args.addAll(flags);
    Files.createDirectories(log.getParent());
    int code =
        new ProcessBuilder(args)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start()
            .waitFor();
    if (code != 0) {
      throw new IllegalStateException(
          "the trainer's " + command + " failed with exit code " + code + "; its log: " + log);
    }
  }

  private static String key(byte[] facts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(facts);
      sha.update(String.join(" ", TINY_MODEL).getBytes(StandardCharsets.UTF_8));
      sha.update(String.join(" ", FINETUNE).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
