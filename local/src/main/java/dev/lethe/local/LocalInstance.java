package dev.lethe.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one local Lethe of a home directory. It holds a lock on {@code lethe-local.pid} while it runs
 * (the operating system drops the lock when the process ends, however it ends), so a second one is
 * refused with a message that says how to stop the first. It writes down every process it started
 * ({@code processes}, refreshed every two seconds), so that one killed without the chance to stop
 * its children leaves nothing running for long: {@link #stop} and the next start end them.
 */
public final class LocalInstance implements AutoCloseable {
  private static final Duration RECORD_EVERY = Duration.ofSeconds(2);
  private static final String RECORD_BEING_WRITTEN = "processes.new";

  private final LocalHome home;
  private final FileChannel channel;
  private final FileLock lock;
  private final ScheduledExecutorService recorder =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lethe-local-processes");
            t.setDaemon(true);
            return t;
          });

  private LocalInstance(LocalHome home, FileChannel channel, FileLock lock) {
    this.home = home;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Makes this process the home's local Lethe, after ending what a killed predecessor left.
   *
   * @param report where to say what was cleaned up
   * @throws IllegalStateException when another one runs from the same home
   */
  public static LocalInstance claim(LocalHome home, Consumer<String> report) throws IOException {
    Files.createDirectories(home.dir());
    FileChannel channel =
        FileChannel.open(
            home.pidFile(),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    FileLock lock = tryLock(channel);
    if (lock == null) {
      String holder = Files.readString(home.pidFile()).trim();
      channel.close();
      throw new IllegalStateException(
          "a local Lethe is already running from "
              + home.dir()
              + " (process "
              + holder
              + "; kubeconfig "
              + home.kubeconfig()
              + "): stop it with `make demo-down` (or Ctrl-C where it runs) first");
    }
    endLeftovers(home).forEach(report);
    ProcessHandle self = ProcessHandle.current();
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(String.valueOf(self.pid()).getBytes(StandardCharsets.UTF_8)));
    channel.force(true);
    LocalInstance instance = new LocalInstance(home, channel, lock);
    instance.recorder.scheduleWithFixedDelay(
        instance::record, 0, RECORD_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return instance;
  }

  /**
   * Stops the local Lethe that runs from {@code home} (SIGTERM, so it stops what it started;
   * SIGKILL after {@code timeout}) and ends anything it left.
   *
   * @return what was done, for people
   */
  public static String stop(LocalHome home, Duration timeout)
      throws IOException, InterruptedException {
    if (!Files.exists(home.pidFile())) {
      return "no local Lethe has run from " + home.dir() + ": nothing to stop";
    }
    Optional<ProcessHandle> running = holder(home);
    List<String> done = new ArrayList<>();
    if (running.isPresent()) {
      ProcessHandle p = running.get();
      p.destroy();
      try {
        p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        done.add("stopped the local Lethe (process " + p.pid() + ")");
      } catch (TimeoutException | ExecutionException e) {
        p.destroyForcibly();
        done.add(
            "the local Lethe (process " + p.pid() + ") did not stop in " + timeout + ": killed it");
      }
    } else {
      done.add("no local Lethe is running from " + home.dir());
    }
    done.addAll(endLeftovers(home));
    return String.join("\n", done);
  }

  /** The process that holds the home's lock, if one does. */
  static Optional<ProcessHandle> holder(LocalHome home) throws IOException {
    try (FileChannel channel =
        FileChannel.open(home.pidFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock probe = tryLock(channel);
      if (probe != null) {
        probe.release();
        return Optional.empty();
      }
    }
    String pid = Files.readString(home.pidFile()).trim();
    return pid.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid));
  }

  /** The lock, or null when a process holds it (this one included). */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** Every process this one started, with its start time so that a reused pid is never hit. */
  private void record() {
    List<String> lines =
        ProcessHandle.current()
            .descendants()
            .map(
                p ->
                    p.pid()
                        + " "
                        + p.info().startInstant().map(Instant::toString).orElse("-")
                        + " "
                        + p.info().command().orElse("?"))
            .toList();
    try {
      Path temporary = home.dir().resolve(RECORD_BEING_WRITTEN);
      Files.write(temporary, lines);
      Files.move(
          temporary,
          home.processesFile(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the next round tries again; a missed record only matters if this process is killed now
    }
  }

  /** Kills the recorded processes that still run; says which. */
  private static List<String> endLeftovers(LocalHome home) throws IOException {
    if (!Files.exists(home.processesFile())) {
      return List.of();
    }
    List<String> ended = new ArrayList<>();
    try (Stream<String> lines = Files.lines(home.processesFile())) {
      for (String line : lines.toList()) {
        String[] parts = line.split(" ", 3);
        if (parts.length < 3) {
          continue;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(parts[0]));
        if (p.isPresent()
            && p.get().isAlive()
            && p.get().info().startInstant().map(Instant::toString).orElse("-").equals(parts[1])) {
          p.get().destroyForcibly();
          ended.add(
              "ended "
                  + parts[2]
                  + " (process "
                  + parts[0]
                  + "), left by a local Lethe that was killed");
        }
      }
    }
    Files.delete(home.processesFile());
    return ended;
  }

  /** Stops recording and gives up the lock; what this process started must be stopped first. */
  @Override
  public void close() throws IOException {
    recorder.shutdownNow();
    try {
      recorder.awaitTermination(5, TimeUnit.SECONDS); // a record being written lands before delete
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(home.dir().resolve(RECORD_BEING_WRITTEN));
    Files.deleteIfExists(home.processesFile());
    lock.release();
    channel.close();
  }
}
