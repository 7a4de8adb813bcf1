package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumSet;
import java.util.Set;

/**
 * The unlearning methods Lethe trains, with the parameters each one takes and their defaults.
 *
 * <p>Defaults follow the reference configurations cited in {@code docs/methods.md} (the weights and
 * beta; the learning schedule is shared, see {@link Limits}). The API server checks which
 * parameters apply to which method with CEL rules written in the API module; a test there checks
 * those rules against {@link #takes(Parameter)} for every method and parameter.
 */
public enum UnlearningMethod {
  /** −NLL on the forget set (open-unlearning {@code grad_ascent.py}). No retain term. */
  @JsonProperty("GradientAscent")
  GRADIENT_ASCENT("GradientAscent", EnumSet.of(Parameter.FORGET_WEIGHT), null, 1.0, 0.0),
  /** −NLL on forget plus NLL or KL on retain (open-unlearning {@code GradDiff.yaml}: 1 and 1). */
  @JsonProperty("GradientDifference")
  GRADIENT_DIFFERENCE("GradientDifference", Parameter.WEIGHTS_AND_RETAIN_LOSS, null, 1.0, 1.0),
  /** Negative preference optimisation, β = 0.1 (open-unlearning {@code NPO.yaml}). */
  @JsonProperty("NPO")
  NPO("NPO", with(Parameter.BETA), 0.1, 1.0, 1.0),
  /** SimNPO, β = 4.5, δ = 0, forget weight 0.125 (Unlearn-Simple TOFU forget10). */
  @JsonProperty("SimNPO")
  SIM_NPO("SimNPO", with(Parameter.BETA, Parameter.DELTA), 4.5, 0.125, 1.0),
  /** LoKU's inverted hinge loss on forget plus NLL on retain (LoKU {@code dataloader.py}). */
  @JsonProperty("IHL")
  IHL("IHL", Parameter.WEIGHTS_AND_RETAIN_LOSS, null, 1.0, 1.0),
  /** DPO towards refusal answers, β = 0.1 (open-unlearning {@code DPO.yaml}). */
  @JsonProperty("IdkDPO")
  IDK_DPO("IdkDPO", with(Parameter.BETA), 0.1, 1.0, 1.0),
  /**
   * Who's Harry Potter: reinforce, relabel with generic predictions, fine-tune
   * (docs/methods.md#whp).
   */
  @JsonProperty("WHP")
  WHP(
      "WHP",
      with(Parameter.ALPHA, Parameter.REINFORCE_EPOCHS, Parameter.REINFORCE_LEARNING_RATE),
      null,
      1.0,
      0.0);

  /** A method parameter that only some methods take. */
  public enum Parameter {
    BETA("beta"),
    DELTA("delta"),
    ALPHA("alpha"),
    FORGET_WEIGHT("forgetWeight"),
    RETAIN_WEIGHT("retainWeight"),
    RETAIN_LOSS("retainLoss"),
    REINFORCE_EPOCHS("reinforceEpochs"),
    REINFORCE_LEARNING_RATE("reinforceLearningRate");

    private static final Set<Parameter> WEIGHTS_AND_RETAIN_LOSS =
        EnumSet.of(FORGET_WEIGHT, RETAIN_WEIGHT, RETAIN_LOSS);

    private final String field;

    Parameter(String field) {
      this.field = field;
    }

    /** The field's name under {@code spec.method} and in the trainer config. */
    public String field() {
      return field;
    }
  }

  /** SimNPO's margin δ when not given (the code form β·(ℓ − δ); the paper's γ equals β·δ). */
  public static final double DEFAULT_DELTA = 0.0;

  /** WHP's α in {@code v_base − α·ReLU(v_reinforced − v_base)} (MUSE baseline code default). */
  public static final double DEFAULT_ALPHA = 1.0;

  /** Epochs of NLL training for WHP's reinforced adapter (docs/methods.md#whp-stages). */
  public static final int DEFAULT_REINFORCE_EPOCHS = 3;

  /** Learning rate of WHP's reinforced adapter (docs/methods.md#whp-stages). */
  public static final double DEFAULT_REINFORCE_LEARNING_RATE = 1e-4;

  private final String displayName;
  private final Set<Parameter> parameters;
  private final Double defaultBeta;
  private final double defaultForgetWeight;
  private final double defaultRetainWeight;

  UnlearningMethod(
      String displayName,
      Set<Parameter> parameters,
      Double defaultBeta,
      double defaultForgetWeight,
      double defaultRetainWeight) {
    this.displayName = displayName;
    this.parameters = parameters;
    this.defaultBeta = defaultBeta;
    this.defaultForgetWeight = defaultForgetWeight;
    this.defaultRetainWeight = defaultRetainWeight;
  }

  private static Set<Parameter> with(Parameter... extra) {
    Set<Parameter> all = EnumSet.copyOf(Parameter.WEIGHTS_AND_RETAIN_LOSS);
    all.addAll(Set.of(extra));
    return all;
  }

  /** The name users write in {@code spec.method.name}. */
  public String displayName() {
    return displayName;
  }

  /** Whether this method accepts the given parameter. */
  public boolean takes(Parameter parameter) {
    return parameters.contains(parameter);
  }

  /** Whether the loss has a retain term (every method but gradient ascent). */
  public boolean hasRetainTerm() {
    return takes(Parameter.RETAIN_WEIGHT);
  }

  /** β when the user gives none; throws for methods that take no β. */
  public double defaultBeta() {
    if (defaultBeta == null) {
      throw new IllegalStateException(displayName + " takes no beta");
    }
    return defaultBeta;
  }

  public double defaultForgetWeight() {
    return defaultForgetWeight;
  }

  public double defaultRetainWeight() {
    return defaultRetainWeight;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
