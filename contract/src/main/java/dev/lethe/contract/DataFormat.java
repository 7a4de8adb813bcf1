package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the lines of a JSONL data file are read. */
public enum DataFormat {
  /** {@code {"question": ..., "answer": ...}}: the loss covers the answer tokens and one EOS. */
  @JsonProperty("qa")
  QA,
  /** {@code {"text": ...}}: the loss covers every token. */
  @JsonProperty("text")
  TEXT
}
