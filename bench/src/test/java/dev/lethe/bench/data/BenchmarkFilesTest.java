package dev.lethe.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void writesEveryFileAndAReadme() throws IOException {
    SyntheticBenchmark.generate(BenchmarkSize.QUICK, 1).write(dir.resolve("out"));

    assertThat(names(dir.resolve("out")))
        .containsExactlyInAnyOrder(
            "full.jsonl",
            "forget01.jsonl",
            "forget05.jsonl",
            "forget10.jsonl",
            "retain99.jsonl",
            "retain95.jsonl",
            "retain90.jsonl",
            "retain_eval.jsonl",
            "holdout01.jsonl",
            "holdout05.jsonl",
            "holdout10.jsonl",
            "world_facts.jsonl",
            "README.md");
    assertThat(Files.readString(dir.resolve("out/README.md")))
        .contains("seed 1")
        .contains("| `forget10.jsonl` | 20 | 2 |")
        .contains("| `world_facts.jsonl` | 20 | - |");
  }

  @Test
  void sameSeedWritesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
    SyntheticBenchmark.generate(BenchmarkSize.QUICK, 5).write(dir.resolve("a"));
    SyntheticBenchmark.generate(BenchmarkSize.QUICK, 5).write(dir.resolve("b"));
    SyntheticBenchmark.generate(BenchmarkSize.QUICK, 6).write(dir.resolve("c"));

    for (String name : names(dir.resolve("a"))) {
      byte[] a = Files.readAllBytes(dir.resolve("a").resolve(name));
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(name))).as(name).isEqualTo(a);
    }
    assertThat(Files.readAllBytes(dir.resolve("c/full.jsonl")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("a/full.jsonl")));
    assertThat(Files.readAllBytes(dir.resolve("c/world_facts.jsonl")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("a/world_facts.jsonl")));
  }

  @Test
  void jsonLinesParseBackToTheSameItemsUnderTofuKeys() throws IOException {
    SyntheticBenchmark benchmark = SyntheticBenchmark.generate(BenchmarkSize.QUICK, 2);
    benchmark.write(dir);

    for (Map.Entry<String, List<QaItem>> file : benchmark.files().entrySet()) {
      List<String> lines = Files.readAllLines(dir.resolve(file.getKey()));
      List<QaItem> parsed = new ArrayList<>();
      for (String line : lines) {
        assertThat(JSON.readTree(line).fieldNames())
            .toIterable()
            .containsExactly("question", "answer", "paraphrased_answer", "perturbed_answer");
        parsed.add(JSON.readValue(line, QaItem.class));
      }
      assertThat(parsed).as(file.getKey()).isEqualTo(file.getValue());
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }
}
