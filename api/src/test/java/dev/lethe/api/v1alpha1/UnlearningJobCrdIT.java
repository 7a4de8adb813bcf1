package dev.lethe.api.v1alpha1;

import static dev.lethe.api.v1alpha1.JobDocument.list;
import static dev.lethe.api.v1alpha1.JobDocument.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lethe.contract.UnlearningMethod;
import dev.lethe.contract.UnlearningMethod.Parameter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD's schema and CEL rules, judged by a real kube-apiserver. */
class UnlearningJobCrdIT {
  private static final String NAMESPACE = "ml";
  private static final AtomicInteger STATUS_JOBS = new AtomicInteger();
  private static TestApiServer apiServer;
  private static KubernetesClient client;

  @BeforeAll
  static void startApiServer() throws IOException {
    apiServer = TestApiServer.startWithCrd();
    client = apiServer.client();
    System.out.printf(
        "CRD tests run against kube-apiserver %s%n", client.getKubernetesVersion().getGitVersion());
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stopApiServer() throws IOException {
    if (apiServer != null) {
      apiServer.close();
    }
  }

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      jobs() {
    return client.genericKubernetesResources(
        UnlearningJob.GROUP + "/" + UnlearningJob.VERSION, "UnlearningJob");
  }

  private static GenericKubernetesResource create(JobDocument document) {
    return jobs().inNamespace(NAMESPACE).resource(document.toResource()).create();
  }

  private static GenericKubernetesResource dryRunCreate(JobDocument document) {
    return jobs().inNamespace(NAMESPACE).resource(document.toResource()).dryRun().create();
  }

  /** What the API server tells a user whose job is refused. */
  private static String refusal(JobDocument document) {
    KubernetesClientException refused =
        catchThrowableOfType(KubernetesClientException.class, () -> dryRunCreate(document));
    assertThat(refused).as("the API server accepted an invalid job").isNotNull();
    assertThat(refused.getCode()).isEqualTo(422);
    return refused.getStatus().getMessage();
  }

  @Test
  void apiServerIsThePinnedVersion() {
    assertThat(client.getKubernetesVersion().getGitVersion())
        .isEqualTo("v" + TestApiServer.VERSION);
  }

  /**
   * Every UnlearningJob example; not examples/gitops/, whose overlays hold patches and whose jobs
   * the charts module's GitOpsLayoutIT renders with kustomize and applies.
   */
  static Stream<Path> examples() throws IOException {
    Path examples = CrdFiles.repositoryRoot().resolve("examples");
    try (Stream<Path> files = Files.walk(examples)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.startsWith(examples.resolve("gitops")))
          .filter(f -> read(f).contains("kind: UnlearningJob"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsAccepted(Path example) {
    assertThatCode(
            () ->
                dryRunCreate(JobDocument.parse(read(example)).set("metadata.namespace", NAMESPACE)))
        .doesNotThrowAnyException();
  }

  @Test
  void examplesCoverEveryMethod() throws IOException {
    List<String> methods =
        examples()
            .map(f -> JobDocument.parse(read(f)).toResource())
            .map(
                r ->
                    (String)
                        ((Map<?, ?>)
                                ((Map<?, ?>) r.getAdditionalProperties().get("spec")).get("method"))
                            .get("name"))
            .toList();
    assertThat(methods)
        .containsAll(
            Stream.of(UnlearningMethod.values()).map(UnlearningMethod::displayName).toList());
  }

  @Test
  void defaultsAreFilledInByTheApiServerExceptWhatAPolicyMayFill() {
    create(JobDocument.minimal().set("metadata.name", "defaults"));

    UnlearningJobSpec spec =
        client
            .resources(UnlearningJob.class)
            .inNamespace(NAMESPACE)
            .withName("defaults")
            .get()
            .getSpec();

    assertThat(spec.lora().rank()).isEqualTo(8);
    assertThat(spec.lora().targetModules()).hasSize(7);
    assertThat(spec.lora().init()).hasToString("DEFAULT");
    assertThat(spec.data().format()).hasToString("QA");
    assertThat(spec.backoffLimit()).isEqualTo(2);
    assertThat(spec.suspend()).isFalse();
    assertThat(spec.method().beta()).as("beta is resolved per method by the operator").isNull();
    assertThat(spec.training())
        .as("the training recipe is resolved by the operator, from a policy's defaults first")
        .isEqualTo(TrainingSpec.NONE);
  }

  record Invalid(String what, UnaryOperator<JobDocument> edit, String message) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Invalid> invalidJobs() {
    return Stream.concat(invalidSpecs(), PodFieldCases.invalid());
  }

  private static Stream<Invalid> invalidSpecs() {
    return Stream.of(
        new Invalid("missing model", d -> d.remove("spec.model"), "spec.model: Required value"),
        new Invalid(
            "missing forget data",
            d -> d.remove("spec.data.forget"),
            "spec.data.forget: Required value"),
        new Invalid(
            "both a PVC and a ConfigMap for the forget set",
            d ->
                d.set("spec.data.forget.pvc", map("claimName", "datasets", "path", "forget.jsonl")),
            "spec.data.forget: Invalid value: \"object\": set exactly one of pvc or configMap"),
        new Invalid(
            "neither a PVC nor a ConfigMap for the retain set",
            d -> d.set("spec.data.retain", map()),
            "set exactly one of pvc or configMap"),
        new Invalid(
            "unknown method",
            d -> d.set("spec.method.name", "SimNPOO"),
            "spec.method.name: Unsupported value: \"SimNPOO\": supported values: \"GradientAscent\","),
        new Invalid(
            "beta of zero",
            d -> d.set("spec.method.beta", 0),
            "spec.method.beta: Invalid value: 0: spec.method.beta in body should be greater than 0"),
        new Invalid(
            "negative beta",
            d -> d.set("spec.method.beta", -4.5),
            "spec.method.beta in body should be greater than 0"),
        new Invalid(
            "LoRA rank 0",
            d -> d.set("spec.lora.rank", 0),
            "spec.lora.rank in body should be greater than or equal to 1"),
        new Invalid(
            "LoRA rank 1024",
            d -> d.set("spec.lora.rank", 1024),
            "spec.lora.rank in body should be less than or equal to 256"),
        new Invalid(
            "learning rate 0",
            d -> d.set("spec.training.learningRate", 0),
            "spec.training.learningRate: Invalid value: \"object\": learningRate must be at least"
                + " 1.0E-10: AdamW moves each weight by about the learning rate per step, so a"
                + " smaller one trains nothing"),
        new Invalid(
            "negative epochs",
            d -> d.set("spec.training.epochs", -3),
            "spec.training.epochs in body should be greater than or equal to 1"),
        new Invalid(
            "unknown gate metric",
            d -> d.set("spec.evaluation.gates", list(map("metric", "forget.bleu", "max", 0.3))),
            "spec.evaluation.gates[0].metric: Unsupported value: \"forget.bleu\""),
        new Invalid(
            "a gate without a bound",
            d -> d.set("spec.evaluation.gates", list(map("metric", "forget.rougeL"))),
            "a gate needs at least one of min, max or minRatio"),
        new Invalid(
            "two gates on one metric",
            d ->
                d.set(
                    "spec.evaluation.gates",
                    list(
                        map("metric", "forget.rougeL", "max", 0.3),
                        map("metric", "forget.rougeL", "min", 0.1))),
            "spec.evaluation.gates: Invalid value: \"object\": each metric may have only one gate"),
        new Invalid(
            "a gate whose min is above its max",
            d ->
                d.set(
                    "spec.evaluation.gates",
                    list(map("metric", "retain.rougeL", "min", 0.9, "max", 0.5))),
            "min must not be above max"),
        new Invalid(
            "a forget-quality gate without a reference evaluation",
            d -> d.set("spec.evaluation.gates", list(map("metric", "forgetQuality", "min", 0.05))),
            "spec.evaluation.reference: Invalid value: \"object\": reference is required for"
                + " forgetQuality"),
        new Invalid(
            "keeping the checkpoint with the best privleak without a holdout set",
            d ->
                d.set("spec.evaluation.everySteps", 10)
                    .set("spec.evaluation.keepBest", map("metric", "privleak", "goal", "min")),
            "spec.evaluation.holdout: Invalid value: \"object\": holdout is required for privleak"),
        new Invalid(
            "keepBest without evaluations during training",
            d -> d.set("spec.evaluation.keepBest", map("metric", "modelUtility", "goal", "max")),
            "spec.evaluation.keepBest: Invalid value: \"object\": keepBest needs everySteps"),
        new Invalid(
            "stopping when the gates pass without evaluations during training",
            d ->
                d.set("spec.evaluation.stopWhenGatesPass", true)
                    .set("spec.evaluation.gates", list(map("metric", "forget.rougeL", "max", 0.3))),
            "spec.evaluation.stopWhenGatesPass: Invalid value: \"object\": stopWhenGatesPass"
                + " needs everySteps and at least one gate"),
        new Invalid(
            "stopping when the gates pass without a gate",
            d ->
                d.set("spec.evaluation.stopWhenGatesPass", true)
                    .set("spec.evaluation.everySteps", 10),
            "stopWhenGatesPass needs everySteps and at least one gate"),
        new Invalid(
            "a relearning attack of no steps",
            d -> d.set("spec.evaluation.relearn", map("steps", 0)),
            "spec.evaluation.relearn.steps in body should be greater than or equal to 1"),
        new Invalid(
            "a relearning attack that learns nothing",
            d -> d.set("spec.evaluation.relearn", map("learningRate", 0.0)),
            "spec.evaluation.relearn.learningRate: Invalid value: \"object\": learningRate must"
                + " be at least 1.0E-10"),
        new Invalid(
            "an unknown keepBest goal",
            d ->
                d.set("spec.evaluation.everySteps", 10)
                    .set("spec.evaluation.keepBest", map("metric", "modelUtility", "goal", "best")),
            "spec.evaluation.keepBest.goal: Unsupported value: \"best\""),
        new Invalid(
            "a utility set name with capitals",
            d ->
                d.set(
                    "spec.evaluation.utility",
                    map("World_Facts", map("configMap", map("name", "w", "key", "w.jsonl")))),
            "utility names must be lowercase letters, digits and '-'"),
        new Invalid(
            "evaluating every 0 steps",
            d -> d.set("spec.evaluation.everySteps", 0),
            "spec.evaluation.everySteps in body should be greater than or equal to 1"),
        new Invalid(
            "generating 5000 new tokens",
            d -> d.set("spec.evaluation.maxNewTokens", 5000),
            "spec.evaluation.maxNewTokens in body should be less than or equal to 4096"),
        new Invalid(
            "a name too long for the derived Job name",
            d -> d.set("metadata.name", "j".repeat(Names.MAX_JOB_NAME + 1)),
            "metadata.name must be at most 55 characters: the trainer Job is named <name>-trainer"),
        new Invalid(
            "beta for a method without one",
            d -> d.set("spec.method.name", "GradientDifference").set("spec.method.beta", 0.1),
            "spec.method: Invalid value: \"object\": beta applies only to NPO, SimNPO and IdkDPO"),
        new Invalid(
            "delta for NPO",
            d -> d.set("spec.method.name", "NPO").set("spec.method.delta", 1.0),
            "delta applies only to SimNPO"),
        new Invalid(
            "retainWeight for gradient ascent",
            d -> d.set("spec.method.name", "GradientAscent").set("spec.method.retainWeight", 1.0),
            "retainWeight does not apply to GradientAscent, which has no retain term"),
        new Invalid(
            "no retain set for a method with a retain term",
            d -> d.remove("spec.data.retain"),
            "spec.data: Invalid value: \"object\": data.retain is required: this method trains with a retain term"),
        new Invalid(
            "FILA without a retain set",
            d ->
                d.set("spec.method.name", "GradientAscent")
                    .remove("spec.data.retain")
                    .set("spec.lora.init", "fila"),
            "spec.data: Invalid value: \"object\": data.retain is required with lora.init fila"),
        new Invalid(
            "refusals for a method other than IdkDPO",
            d -> d.set("spec.data.refusals", map("configMap", map("name", "r", "key", "r.jsonl"))),
            "spec.data.refusals: Invalid value: \"object\": data.refusals applies only to IdkDPO"),
        new Invalid(
            "a data path that climbs out of its volume",
            d -> d.set("spec.data.retain.pvc.path", "sets/../../etc/passwd"),
            "spec.data.retain.pvc.path: Invalid value: \"object\": path must not contain a '.' or '..' segment"),
        new Invalid(
            "a '.' segment, which names the directory around it",
            d -> d.set("spec.output.pvc.path", "./out"),
            "spec.output.pvc.path: Invalid value: \"object\": path must not contain a '.' or '..'"
                + " segment"),
        new Invalid(
            "an output inside the model's directory",
            d -> d.set("spec.output.pvc", map("claimName", "models", "path", "tiny-llama/adapter")),
            "spec.output.pvc: Invalid value: \"object\": output must lie apart from every input on"
                + " its claim: the trainer would write over what it reads"),
        new Invalid(
            "an output around a data file",
            d ->
                d.set("spec.data.retain.pvc.path", "sets/retain.jsonl")
                    .set("spec.output.pvc", map("claimName", "datasets", "path", "sets")),
            "output must lie apart from every input on its claim"),
        new Invalid(
            "an output on the claim of a model that is the claim's root",
            d ->
                d.remove("spec.model.pvc.path")
                    .set("spec.output.pvc", map("claimName", "models", "path", "adapters")),
            "output must lie apart from every input on its claim"),
        new Invalid(
            "an absolute data path",
            d -> d.set("spec.data.retain.pvc.path", "/etc/passwd"),
            "spec.data.retain.pvc.path in body should match"),
        new Invalid(
            "a data file on a PVC without its path",
            d -> d.remove("spec.data.retain.pvc.path"),
            "pvc.path is required: the path of the file inside the claim"),
        new Invalid(
            "a claim name that is not a DNS name",
            d -> d.set("spec.model.pvc.claimName", "My_Models"),
            "spec.model.pvc.claimName in body should match"),
        new Invalid(
            "an unknown LoRA target module",
            d -> d.set("spec.lora.targetModules", list("q_proj", "lm_head")),
            "spec.lora.targetModules[1]: Unsupported value: \"lm_head\""),
        new Invalid(
            "a repeated LoRA target module",
            d -> d.set("spec.lora.targetModules", list("q_proj", "q_proj")),
            "targetModules must not repeat a module"),
        new Invalid(
            "a prompt template without {question}",
            d -> d.set("spec.data.promptTemplate", "Q: {q}\nA: "),
            "promptTemplate must contain {question}"),
        new Invalid(
            "a warmup ratio of 1",
            d -> d.set("spec.training.warmupRatio", 1),
            "spec.training.warmupRatio in body should be less than 1"),
        new Invalid(
            "a backoff limit of 11",
            d -> d.set("spec.backoffLimit", 11),
            "spec.backoffLimit in body should be less than or equal to 10"),
        new Invalid(
            "unknown precision",
            d -> d.set("spec.training.precision", "int8"),
            "spec.training.precision: Unsupported value: \"int8\""),
        new Invalid("missing output", d -> d.remove("spec.output"), "spec.output: Required value"),
        new Invalid("no spec", d -> d.remove("spec"), SPEC_REQUIRED),
        new Invalid(
            "no forget term",
            d -> d.set("spec.method.forgetWeight", 0),
            "spec.method.forgetWeight: Invalid value: \"object\": forgetWeight must be above 0:"
                + " without the forget term the job unlearns nothing (a retain term alone only"
                + " fine-tunes)"),
        new Invalid(
            "gradient difference with both weights 0",
            d ->
                d.set("spec.method.name", "GradientDifference")
                    .set("spec.method.forgetWeight", 0.0)
                    .set("spec.method.retainWeight", 0.0),
            "forgetWeight must be above 0"),
        new Invalid(
            "a learning rate that is 0 in float32",
            d -> d.set("spec.training.learningRate", 1e-50),
            "spec.training.learningRate: Invalid value: \"object\": learningRate must be at least"
                + " 1.0E-10"),
        new Invalid(
            "a WHP reinforcement learning rate that is 0 in float32",
            d -> d.set("spec.method.name", "WHP").set("spec.method.reinforceLearningRate", 1e-50),
            "spec.method.reinforceLearningRate: Invalid value: \"object\": reinforceLearningRate"
                + " must be at least 1.0E-10"),
        new Invalid(
            "the ConfigMap key ..data, which the kubelet keeps for itself",
            d -> d.set("spec.data.forget.configMap.key", "..data"),
            "spec.data.forget.configMap.key: Invalid value: \"object\": key must not be '.' or"
                + " start with '..': the key is mounted as a file name, and the kubelet keeps"
                + " names starting with '..' for itself"),
        new Invalid(
            "the ConfigMap key .",
            d -> d.set("spec.data.forget.configMap.key", "."),
            "key must not be '.' or start with '..'"),
        new Invalid(
            "the ConfigMap key ..",
            d -> d.set("spec.data.forget.configMap.key", ".."),
            "key must not be '.' or start with '..'"),
        new Invalid(
            "a retain gate without a retain set",
            d ->
                d.set("spec.method.name", "GradientAscent")
                    .remove("spec.data.retain")
                    .set("spec.evaluation.gates", list(map("metric", "retain.rougeL", "min", 0.5))),
            "spec.evaluation: Invalid value: \"object\": data.retain or evaluation.retain is"
                + " required for the retain.* metrics: the QA lines they are measured on"),
        new Invalid(
            "keeping the checkpoint with the best retain NLL without a retain set",
            d ->
                d.set("spec.method.name", "WHP")
                    .remove("spec.data.retain")
                    .set("spec.evaluation.everySteps", 10)
                    .set("spec.evaluation.keepBest", map("metric", "retain.nll", "goal", "min")),
            "data.retain or evaluation.retain is required for the retain.* metrics"),
        new Invalid(
            "a model utility gate without a retain or utility set",
            d ->
                d.set("spec.method.name", "GradientAscent")
                    .remove("spec.data.retain")
                    .set(
                        "spec.evaluation.gates",
                        list(map("metric", "modelUtility", "minRatio", 0.9))),
            "spec.evaluation: Invalid value: \"object\": modelUtility needs a retain set"
                + " (data.retain or evaluation.retain) or evaluation.utility sets: the QA lines it"
                + " averages over"));
  }

  private static final String SPEC_REQUIRED =
      "spec: Required value: spec is required and cannot be removed: it says what to unlearn and"
          + " how (model, data, method, output)";

  record Valid(String what, UnaryOperator<JobDocument> edit) {
    @Override
    public String toString() {
      return what;
    }
  }

  /** Valid uses of what the rules above refuse, so that the rules refuse no more than that. */
  static Stream<Valid> validJobs() {
    return Stream.concat(PodFieldCases.valid(), validSpecs());
  }

  private static Stream<Valid> validSpecs() {
    return Stream.of(
        new Valid(
            "a hidden ConfigMap key",
            d -> d.set("spec.data.forget.configMap.key", ".forget.jsonl")),
        new Valid(
            "retain gates measured on evaluation.retain alone",
            d ->
                d.set("spec.method.name", "GradientAscent")
                    .remove("spec.data.retain")
                    .set("spec.evaluation.retain", map("pvc", map("claimName", "d", "path", "r")))
                    .set(
                        "spec.evaluation.gates", list(map("metric", "retain.rougeL", "min", 0.5)))),
        new Valid(
            "model utility over utility sets alone",
            d ->
                d.set("spec.method.name", "GradientAscent")
                    .remove("spec.data.retain")
                    .set(
                        "spec.evaluation.utility",
                        map("world-facts", map("configMap", map("name", "w", "key", "w.jsonl"))))
                    .set(
                        "spec.evaluation.gates",
                        list(map("metric", "modelUtility", "minRatio", 0.9)))),
        new Valid(
            "stopping at the first evaluation where the gates pass",
            d ->
                d.set("spec.evaluation.stopWhenGatesPass", true)
                    .set("spec.evaluation.everySteps", 10)
                    .set(
                        "spec.evaluation.gates", list(map("metric", "forget.rougeL", "max", 0.3)))),
        new Valid(
            "a relearning attack with every default", d -> d.set("spec.evaluation.relearn", map())),
        new Valid("the smallest learning rate", d -> d.set("spec.training.learningRate", 1e-10)));
  }

  @ParameterizedTest
  @MethodSource("validJobs")
  void validUseOfAGuardedFieldIsAccepted(Valid valid) {
    assertThatCode(() -> dryRunCreate(valid.edit().apply(JobDocument.minimal())))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @MethodSource("invalidJobs")
  void invalidJobIsRefusedWithAMessageThatSaysWhy(Invalid invalid) {
    String message = refusal(invalid.edit().apply(JobDocument.minimal()));

    System.out.printf("refused (%s): %s%n", invalid.what(), message);
    assertThat(message).contains(invalid.message());
  }

  static Stream<Arguments> methodsAndParameters() {
    Map<Parameter, Object> validValues =
        Map.of(
            Parameter.BETA, 0.5,
            Parameter.DELTA, 0.5,
            Parameter.ALPHA, 0.5,
            Parameter.FORGET_WEIGHT, 0.5,
            Parameter.RETAIN_WEIGHT, 0.5,
            Parameter.RETAIN_LOSS, "KL",
            Parameter.REINFORCE_EPOCHS, 2,
            Parameter.REINFORCE_LEARNING_RATE, 1e-4);
    return Stream.of(UnlearningMethod.values())
        .flatMap(
            m -> Stream.of(Parameter.values()).map(p -> Arguments.of(m, p, validValues.get(p))));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("methodsAndParameters")
  void schemaAgreesWithTheContractOnWhichMethodTakesWhichParameter(
      UnlearningMethod method, Parameter parameter, Object value) {
    JobDocument job =
        JobDocument.minimal()
            .set("spec.method.name", method.displayName())
            .set("spec.method." + parameter.field(), value);

    if (method.takes(parameter)) {
      assertThatCode(() -> dryRunCreate(job)).doesNotThrowAnyException();
    } else {
      assertThat(refusal(job)).contains(parameter.field());
    }
  }

  /** Creates the minimal job under {@code name}, then updates it with {@code edit} applied. */
  private static GenericKubernetesResource createThenUpdate(
      String name, UnaryOperator<JobDocument> edit) {
    String version =
        create(JobDocument.minimal().set("metadata.name", name)).getMetadata().getResourceVersion();
    JobDocument changed =
        edit.apply(
            JobDocument.minimal()
                .set("metadata.name", name)
                .set("metadata.resourceVersion", version));
    return jobs().inNamespace(NAMESPACE).resource(changed.toResource()).update();
  }

  private static String updateRefusal(String name, UnaryOperator<JobDocument> edit) {
    KubernetesClientException refused =
        catchThrowableOfType(KubernetesClientException.class, () -> createThenUpdate(name, edit));
    assertThat(refused).as("the API server accepted an invalid update").isNotNull();
    return refused.getStatus().getMessage();
  }

  @Test
  void anOutputBesideTheInputsOnTheirClaimIsAccepted() {
    assertThatCode(
            () ->
                dryRunCreate(
                    JobDocument.minimal()
                        .set(
                            "spec.output.pvc", map("claimName", "models", "path", "tiny-llama-2"))))
        .as("tiny-llama-2 is not inside tiny-llama")
        .doesNotThrowAnyException();
  }

  @Test
  void whatToUnlearnCannotChangeAfterCreation() {
    String message = updateRefusal("immutable", d -> d.set("spec.method.name", "NPO"));

    System.out.printf("refused (changing spec.method): %s%n", message);
    assertThat(message)
        .contains(
            "spec.method: Invalid value: \"object\": method is immutable: only suspend,"
                + " activeDeadlineSeconds and ttlSecondsAfterFinished can change after creation");
  }

  @Test
  void addingAFieldAfterCreationIsRefusedToo() {
    String message = updateRefusal("no-additions", d -> d.set("spec.priorityClassName", "high"));

    assertThat(message)
        .contains(
            "spec.priorityClassName: Invalid value: \"object\": priorityClassName is immutable");
  }

  @Test
  void suspendDeadlineAndTtlCanChange() {
    GenericKubernetesResource updated =
        createThenUpdate(
            "mutable",
            d ->
                d.set("spec.suspend", true)
                    .set("spec.activeDeadlineSeconds", 3600)
                    .set("spec.ttlSecondsAfterFinished", 60));

    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2);
  }

  @Test
  void aJobWhoseSpecIsNullIsRefused() {
    JobDocument job = JobDocument.minimal().set("spec", null);

    assertThat(Serialization.asJson(job.toResource())).contains("\"spec\":null");
    assertThat(refusal(job)).contains(SPEC_REQUIRED);
  }

  @Test
  void specCannotBeRemovedNorSwappedForAnother() {
    create(JobDocument.minimal().set("metadata.name", "keep-spec"));
    Resource<GenericKubernetesResource> job = jobs().inNamespace(NAMESPACE).withName("keep-spec");
    Object otherSpec =
        JobDocument.minimal()
            .set("spec.method.name", "NPO")
            .toResource()
            .getAdditionalProperties()
            .get("spec");

    String removed = patchRefusal(job, "[{\"op\": \"remove\", \"path\": \"/spec\"}]");
    String swapped =
        patchRefusal(
            job,
            "[{\"op\": \"remove\", \"path\": \"/spec\"}, {\"op\": \"add\", \"path\":"
                + " \"/spec\", \"value\": "
                + Serialization.asJson(otherSpec)
                + "}]");

    System.out.printf("refused (JSON patch remove /spec): %s%n", removed);
    assertThat(removed).contains(SPEC_REQUIRED);
    assertThat(swapped).contains("spec.method: Invalid value: \"object\": method is immutable");
    assertThat(job.get().getAdditionalProperties().get("spec")).asString().contains("name=SimNPO");
  }

  private static String patchRefusal(Resource<GenericKubernetesResource> job, String patch) {
    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> job.patch(PatchContext.of(PatchType.JSON), patch));
    assertThat(refused).as("the API server accepted the patch %s", patch).isNotNull();
    assertThat(refused.getCode()).isEqualTo(422);
    return refused.getStatus().getMessage();
  }

  private static Map<String, Object> condition(String type, String status, String reason) {
    return map(
        "type",
        type,
        "status",
        status,
        "reason",
        reason,
        "message",
        "the trainer is running",
        "lastTransitionTime",
        "2026-11-22T10:00:00Z");
  }

  static Stream<Arguments> invalidConditions() {
    Map<String, Object> withoutTime = condition("Running", "True", "Running");
    withoutTime.remove("lastTransitionTime");
    Map<String, Object> longMessage = condition("Running", "True", "Running");
    longMessage.put("message", "m".repeat(32769));
    return Stream.of(
        Arguments.of(
            "a status other than True, False or Unknown",
            condition("Succeeded", "Maybe", "Running"),
            "status.conditions[0].status: Unsupported value: \"Maybe\": supported values:"
                + " \"True\", \"False\", \"Unknown\""),
        Arguments.of(
            "a reason that is not CamelCase",
            condition("Succeeded", "Unknown", "still running"),
            "status.conditions[0].reason: Invalid value: \"still running\": conditions[0].reason in"
                + " body should match '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$'"),
        Arguments.of(
            "a type with a space",
            condition("Is Running", "True", "Running"),
            "status.conditions[0].type: Invalid value: \"Is Running\": conditions[0].type in body"
                + " should match"),
        Arguments.of(
            "no lastTransitionTime",
            withoutTime,
            "status.conditions[0].lastTransitionTime: Required value"),
        Arguments.of(
            "a message over 32768 characters",
            longMessage,
            "status.conditions[0].message: Too long: may not be more than 32768 bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConditions")
  void statusConditionsAreShapedLikeMetav1Conditions(
      String what, Map<String, Object> condition, String message) {
    String name = "status-" + STATUS_JOBS.incrementAndGet();
    GenericKubernetesResource job = create(JobDocument.minimal().set("metadata.name", name));
    job.setAdditionalProperty("status", map("conditions", list(condition)));

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> jobs().inNamespace(NAMESPACE).resource(job).updateStatus());

    assertThat(refused).as("the API server accepted %s", what).isNotNull();
    System.out.printf("refused status (%s): %s%n", what, refused.getStatus().getMessage());
    assertThat(refused.getStatus().getMessage()).contains(message);
  }

  @Test
  void statusConditionsHaveOneEntryPerType() {
    GenericKubernetesResource job =
        create(JobDocument.minimal().set("metadata.name", "status-duplicate"));
    job.setAdditionalProperty(
        "status",
        map(
            "conditions",
            list(
                condition("Running", "True", "Running"),
                condition("Running", "False", "Pending"))));

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> jobs().inNamespace(NAMESPACE).resource(job).updateStatus());

    assertThat(refused.getStatus().getMessage())
        .contains("status.conditions[1]: Duplicate value: {\"type\":\"Running\"}");
  }

  /** Runs the test server's kubectl and returns what it printed (stdout and stderr). */
  private static String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                apiServer.kubectl().toString(), "--kubeconfig", apiServer.kubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @Test
  void kubectlGetShowsStatusMethodProgressAndAge() throws Exception {
    GenericKubernetesResource job = create(JobDocument.minimal().set("metadata.name", "columns"));
    job.setAdditionalProperty(
        "status",
        map(
            "conditions",
            list(
                map(
                    "type",
                    "Accepted",
                    "status",
                    "True",
                    "reason",
                    "JobCreated",
                    "message",
                    "trainer Job created",
                    "lastTransitionTime",
                    "2026-11-22T10:00:00Z"),
                map(
                    "type",
                    "Succeeded",
                    "status",
                    "Unknown",
                    "reason",
                    "Running",
                    "message",
                    "step 120 of 400",
                    "lastTransitionTime",
                    "2026-11-22T10:00:00Z")),
            "progress",
            map("percent", 30, "etaSeconds", 610)));
    jobs().inNamespace(NAMESPACE).resource(job).updateStatus();

    String table = kubectl("get", "uj", "-n", NAMESPACE, "columns");
    String wide =
        kubectl("get", "unlearningjobs.lethe.dev", "-n", NAMESPACE, "columns", "-o", "wide");
    String byCategory = kubectl("get", "lethe", "-n", NAMESPACE);

    System.out.printf("kubectl get uj:%n%s%nkubectl get uj -o wide:%n%s", table, wide);
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "STATUS", "METHOD", "PROGRESS", "AGE");
    assertThat(table.lines().skip(1).findFirst().orElseThrow())
        .matches("columns\\s+Running\\s+SimNPO\\s+30\\s+\\S+");
    assertThat(wide.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "STATUS", "METHOD", "PROGRESS", "ETA", "AGE", "MESSAGE");
    assertThat(wide).contains("610", "step 120 of 400");
    assertThat(byCategory)
        .as("kubectl get lethe lists UnlearningJobs (and UnlearningPolicies, so with their kinds)")
        .containsPattern("(?m)^unlearningjob\\.lethe\\.dev/columns\\s+Running");
  }

  @Test
  void kubectlApplyRefusesATypoInAFieldName() throws Exception {
    String output =
        kubectlApply(
            JobDocument.MINIMAL.replace(
                "method:\n    name: SimNPO", "method:\n    name: SimNPO\n    betta: 4.5"));

    System.out.printf("refused (kubectl apply with a typo): %s", output);
    assertThat(output).contains("unknown field \"spec.method.betta\"");
  }

  @Test
  void kubectlApplyShowsTheRuleThatWasBroken() throws Exception {
    String output =
        kubectlApply(
            JobDocument.MINIMAL.replace(
                "method:\n    name: SimNPO",
                "method:\n    name: GradientDifference\n    beta: 0.1"));

    assertThat(output)
        .contains(
            "The UnlearningJob \"minimal\" is invalid: spec.method: Invalid value: \"object\":"
                + " beta applies only to NPO, SimNPO and IdkDPO");
  }

  private static String kubectlApply(String yaml) throws Exception {
    Path file = Files.createTempFile("job", ".yaml");
    try {
      Files.writeString(file, yaml);
      return kubectl("apply", "-n", NAMESPACE, "-f", file.toString());
    } finally {
      Files.delete(file);
    }
  }
}
