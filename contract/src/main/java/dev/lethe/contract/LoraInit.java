package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the LoRA factors start. */
public enum LoraInit {
  /** PEFT's default: A Kaiming-uniform, B zero, so the adapter starts as a no-op. */
  @JsonProperty("default")
  DEFAULT,
  /** LoKU's Fisher-informed initialisation (docs/methods.md#fila). */
  @JsonProperty("fila")
  FILA
}
