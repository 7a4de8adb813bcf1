package dev.lethe.trainer.cli;

import dev.lethe.contract.Result;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What one of the trainer's commands does once picocli has read its flags. {@link Main} turns the
 * result, or what it threw, into the exit code and the termination message.
 */
interface Subcommand {
  Result run() throws IOException;

  /**
   * Where the result goes; asked after {@link #run}, whether it returned or threw, since a command
   * may learn it while it runs (from the config it reads).
   */
  default Path resultPath() {
    return Path.of(Main.DEFAULT_TERMINATION_PATH);
  }
}
