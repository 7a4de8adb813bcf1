package dev.lethe.trainer.report;

import dev.lethe.contract.ContractJson;
import dev.lethe.contract.Result.GateOutcome;
import dev.lethe.contract.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json} beside the adapter: the resolved config, the metrics before and after, the
 * gates, and where the time went.
 */
public record Report(
    TrainerConfig config,
    Map<String, Double> before,
    Map<String, Double> after,
    List<GateOutcome> gates,
    long steps,
    Map<String, Double> seconds) {

  public static final String FILE = "report.json";

  public void write(Path outputDir) throws IOException {
    Files.createDirectories(outputDir);
    Files.writeString(outputDir.resolve(FILE), ContractJson.write(this));
  }
}
