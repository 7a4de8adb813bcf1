package dev.lethe.bench.operator;

import java.util.List;
import java.util.Map;

/**
 * Everything one run of the benchmark measured; seconds count from the start of the operator's
 * process, bytes are bytes. Written as operator.json; {@link OperatorReport} makes the tables.
 */
record Measurements(Setup setup, FirstStart first, Restart restart) {

  /**
   * @param load /proc/loadavg's 1, 5 and 15 minute averages before the control plane started
   * @param loadAtEnd the same once the restarted operator stopped
   */
  record Setup(
      String date,
      int cores,
      String load,
      String loadAtEnd,
      String java,
      String kubernetes,
      int jobs,
      int namespaces,
      List<String> operatorCommand,
      double controlPlaneSeconds,
      double backlogSeconds) {}

  /**
   * The operator started on the backlog.
   *
   * @param allTrainerJobsSeconds null if not every trainer Job appeared in time
   * @param allPendingSeconds null if not every job said Pending in time
   * @param states the backlog's jobs by state when the operator was stopped
   * @param settledSeconds when it had made no request for {@link OperatorBenchmark#QUIET}
   * @param controlPlaneCpuSecondsUntilPending what etcd and kube-apiserver, on the same cores, took
   *     meanwhile
   * @param rssAtAllTrainerJobs null if that moment never came
   * @param peakRss VmHWM just before it was stopped
   * @param jvm heap and Metaspace once settled; null if jcmd could not tell
   * @param heapLive heap in use after a full collection: what the backlog holds
   * @param reconciles what its /metrics said once settled
   * @param untilPending the operator's requests from its start until every job said Pending (until
   *     it was stopped if that never happened)
   * @param untilSettled the same until it was quiet
   * @param exitCode after SIGTERM; -1 if it had to be killed
   * @param problems its log's WARN and ERROR lines
   */
  record FirstStart(
      double readySeconds,
      Double allTrainerJobsSeconds,
      int trainerJobs,
      Double allPendingSeconds,
      int pendingJobs,
      Map<String, Long> states,
      double settledSeconds,
      double cpuSecondsUntilPending,
      double cpuSecondsSettled,
      double controlPlaneCpuSecondsUntilPending,
      Long rssAtAllTrainerJobs,
      Long rssAtAllPending,
      long rssSettled,
      long peakRss,
      ProcessMemory.Jvm jvm,
      Long heapLive,
      Reconciles reconciles,
      RequestTally untilPending,
      RequestTally untilSettled,
      int exitCode,
      double stopSeconds,
      List<String> problems) {}

  /**
   * The operator started again on the same jobs, all Pending and unchanged.
   *
   * @param watchedSeconds from its start until it was stopped
   * @param requests everything it asked in that time
   * @param reconciles what its /metrics said before it was stopped
   */
  record Restart(
      double readySeconds,
      double watchedSeconds,
      RequestTally requests,
      Map<String, Long> states,
      Reconciles reconciles,
      double cpuSeconds,
      long peakRss,
      int exitCode,
      List<String> problems) {}
}
