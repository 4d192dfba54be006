#!/usr/bin/env node
/**
 * The TensorFlow.js side of the benchmark's "whole run" table: trains the network of a GradLens model
 * file the way `gradlens train FILE` does, as a whole process, and prints the same lines.
 *
 *   node bench/tfjs-train.cjs MODEL.nn.json cpu|wasm
 *
 * Same network (dense layers, their activations, softmax output, cross-entropy), same data file (the
 * model's CSV: every column but the target a feature, the target one-hot encoded as GradLens does:
 * class numbers by value, text labels in order of first appearance), same batch size and epochs, plain
 * SGD at the file's learning rate, no shuffling (the benchmark's model files say `"shuffle": false`).
 * Like `gradlens train`, it prints the loss and accuracy over the whole training set before training
 * and after every epoch (one forward pass each), then a `done:` line. TensorFlow.js computes in
 * float32 and initialises with its own Glorot-uniform weights, so its numbers differ from GradLens's
 * in the later digits; the work is the same. Only the model files the benchmark writes are supported
 * (no split, no normalisation, sgd only).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

async function main() {
  const [file, backend = 'cpu'] = process.argv.slice(2);
  if (!file || !['cpu', 'wasm'].includes(backend)) throw new Error('usage: tfjs-train.cjs MODEL.nn.json cpu|wasm');
  const tf = require('@tensorflow/tfjs');
  tf.enableProdMode();
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
  await tf.ready();

  const model = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, ''));
  const train = model.train;
  if ((train.optimizer ?? 'sgd') !== 'sgd' || model.data.split !== undefined || (model.data.normalize ?? 'none') !== 'none') {
    throw new Error('tfjs-train.cjs supports plain sgd without split or normalisation only');
  }
  const K = model.layers[model.layers.length - 1].units;
  const { x, y, N } = readCsv(tf, path.resolve(path.dirname(file), model.data.csv), model.data.target, K);

  const net = tf.sequential();
  model.layers.forEach((l, i) => net.add(tf.layers.dense({
    units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [model.inputs] } : {}),
  })));
  net.compile({ optimizer: tf.train.sgd(train.learningRate), loss: 'categoricalCrossentropy' });

  const evaluate = () => tf.tidy(() => {
    const p = net.predict(x);
    const loss = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1))), 1)));
    const acc = tf.mean(tf.cast(tf.equal(tf.argMax(p, 1), tf.argMax(y, 1)), 'float32'));
    return [loss.dataSync()[0], acc.dataSync()[0]];
  });
  const line = (epoch, [loss, acc]) => `epoch ${epoch}: loss ${loss.toPrecision(6)} · accuracy ${(100 * acc).toFixed(1)} %\n`;
  const batch = train.batchSize ?? N;
  const epochs = train.epochs;
  const steps = epochs * Math.ceil(N / batch);
  process.stdout.write(`${model.name}: ${epochs} epochs (${steps} steps), sgd, learning rate ${train.learningRate} [TensorFlow.js ${tf.version.tfjs}, ${backend}]\n`);
  const before = evaluate();
  process.stdout.write(line(0, before));
  let after = before;
  await net.fit(x, y, {
    batchSize: batch, epochs, shuffle: false, verbose: 0,
    callbacks: { onEpochEnd: async (epoch) => { after = evaluate(); process.stdout.write(line(epoch + 1, after)); } },
  });
  process.stdout.write(`done: loss ${before[0].toPrecision(6)} → ${after[0].toPrecision(6)} after ${steps} steps · accuracy ${(100 * after[1]).toFixed(1)} %\n`);
}

/** Features: every column but the target; the target one-hot (numbers by value, text by first appearance). */
function readCsv(tf, file, target, K) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',');
  const t = typeof target === 'number' ? target : header.indexOf(target);
  if (t < 0) throw new Error(`no target column ${target}`);
  const rows = lines.slice(1).map((l) => l.split(','));
  const N = rows.length, F = header.length - 1;
  const labels = rows.map((r) => r[t]);
  const numeric = labels.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  const order = new Map();
  if (!numeric) for (const v of labels) if (!order.has(v)) order.set(v, order.size);
  const X = new Float32Array(N * F), Y = new Float32Array(N * K);
  rows.forEach((r, n) => {
    let f = 0;
    r.forEach((cell, c) => { if (c !== t) X[n * F + f++] = Number(cell); });
    Y[n * K + (numeric ? Number(labels[n]) : order.get(labels[n]))] = 1;
  });
  return { x: tf.tensor2d(X, [N, F]), y: tf.tensor2d(Y, [N, K]), N };
}

main().catch((e) => {
  process.stderr.write(`tfjs-train: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
