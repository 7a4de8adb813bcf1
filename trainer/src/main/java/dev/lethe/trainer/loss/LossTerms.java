package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * A micro-batch's loss and its parts, each a scalar NDArray in the batch's manager.
 *
 * @param total what is backpropagated: forgetWeight · forget + retainWeight · retain
 * @param forget the forget term, unweighted
 * @param retain the retain term, unweighted; null when the objective has none
 */
public record LossTerms(NDArray total, NDArray forget, NDArray retain) {}
