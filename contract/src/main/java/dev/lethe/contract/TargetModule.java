package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The linear layers of a Llama-family decoder block that can carry a LoRA adapter. */
public enum TargetModule {
  @JsonProperty("q_proj")
  Q_PROJ,
  @JsonProperty("k_proj")
  K_PROJ,
  @JsonProperty("v_proj")
  V_PROJ,
  @JsonProperty("o_proj")
  O_PROJ,
  @JsonProperty("gate_proj")
  GATE_PROJ,
  @JsonProperty("up_proj")
  UP_PROJ,
  @JsonProperty("down_proj")
  DOWN_PROJ
}
