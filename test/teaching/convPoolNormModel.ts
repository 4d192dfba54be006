/**
 * The small conv, max-pool, batch-norm, flatten and dense model (sgd) that the layered step-through
 * tests train: six 1×6×6 images of three classes.
 */

/** The pixels of image `n`: a fixed pattern, different for each n. */
export const pixels = (n: number) => new Array(36).fill(0).map((_, i) => ((i * (n + 3)) % 7) / 6).join(', ');

export const CONV_POOL_NORM_MODEL = `{
  "inputs": [1, 6, 6], "seed": 5,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 3, "kernel": 3, "padding": 1, "activation": "relu" },
    { "name": "pool", "type": "maxpool2d", "size": 2 },
    { "name": "norm", "type": "batchnorm" },
    { "name": "flat", "type": "flatten" },
    { "name": "out", "units": 3, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": [[${pixels(0)}], [${pixels(1)}], [${pixels(2)}], [${pixels(3)}], [${pixels(4)}], [${pixels(5)}]],
            "targets": [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]] },
  "train": { "optimizer": "sgd", "learningRate": 0.5, "batchSize": 4, "epochs": 3, "shuffle": true }
}`;
