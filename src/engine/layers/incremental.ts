/**
 * The gradient check's perturbed passes, incremental: after one parameter entry θ of layer l is
 * nudged, only what θ reaches is recomputed.
 *
 *   layers < l   keep the base pass's outputs (θ does not reach them)
 *   layer l      `forwardNudged`: the one unit, filter plane or batch-norm group θ belongs to
 *   layers > l   `forwardChanged`: given which groups of its input changed (a channel, a unit), a
 *                layer recomputes only the groups of its output they reach (pooling, batch norm,
 *                flatten, dropout: the same channels), or its whole output as the base output plus
 *                the change (conv: net_base + W ⋆ Δx over the changed channels; dense:
 *                net_base + W·Δx over the changed entries); from there on every layer runs in full
 *   activations  applied to the changed values only (softmax: to whole rows)
 * The loss is then taken over every sample as in a full pass: the same function of θ, evaluated on
 * fewer operations (the base value plus the change, or the changed values computed as the full pass
 * computes them). The changed parts are copied back from the base pass once the entry is done.
 * The kink signature (relu on/off, max-pool choices) is read over the changed parts only: elsewhere
 * the +h and −h passes hold the same values.
 */
import { activateForward, ACT_SOFTMAX, isReluType } from '../activations';
import type { Changed, PassMode } from './layer';
import type { LayeredNetwork } from './network';
import type { LayeredWorkspace } from './pass';
import type { MaxPool2dLayer } from './pool2d';

export class IncrementalPasses {
  private readonly baseNet: Float64Array[];
  private readonly baseOut: Float64Array[];
  /** Per layer, what the passes since the last `restore` changed (undefined: nothing). */
  private readonly dirty: (Changed | undefined)[];

  /** Keeps a copy of the base pass now in `ws` (n samples of X). */
  constructor(private readonly network: LayeredNetwork, private readonly ws: LayeredWorkspace, private readonly X: Float64Array, private readonly n: number) {
    const sizes = network.layers.map((l) => n * l.outSize);
    this.baseNet = ws.net.map((a, l) => a.slice(0, sizes[l]));
    this.baseOut = ws.out.map((a, l) => (a === ws.net[l] ? this.baseNet[l] : a.slice(0, sizes[l])));
    this.dirty = network.layers.map(() => undefined);
  }

  /** The base input of layer l. */
  private baseInput(l: number): Float64Array {
    return l === 0 ? this.X : this.baseOut[l - 1];
  }

  /**
   * Runs layer l's full forward on its base input: its internal state (im2col, x̂, max-pool choices)
   * becomes the base pass's again. Call before nudging layer l's parameters.
   */
  prepare(l: number, mode: PassMode): void {
    this.network.layers[l].forward(this.baseInput(l), this.n, this.ws.net[l], mode);
  }

  /** Forward after entry `index` of parameter `param` of layer l changed (already written into the parameter). */
  forward(l: number, param: number, index: number, mode: PassMode): void {
    const { network, ws, n } = this;
    const layers = network.layers;
    const first = layers[l];
    let changed: Changed;
    if (first.forwardNudged) changed = first.forwardNudged(this.baseInput(l), n, ws.net[l], param, index);
    else {
      first.forward(this.baseInput(l), n, ws.net[l], mode);
      changed = 'all';
    }
    changed = this.activate(l, changed);
    for (let j = l + 1; j < layers.length; j++) {
      const layer = layers[j];
      const x = ws.out[j - 1], net = ws.net[j];
      if (changed !== 'all' && layer.forwardChanged) changed = layer.forwardChanged(x, this.baseOut[j - 1], n, net, this.baseNet[j], changed, mode);
      else {
        layer.forward(x, n, net, mode);
        changed = 'all';
      }
      changed = this.activate(j, changed);
    }
  }

  /** out = f(net) of layer l where net changed; records the change; returns what changed in out. */
  private activate(l: number, changed: Changed): Changed {
    const layer = this.network.layers[l], net = this.ws.net[l], out = this.ws.out[l], n = this.n, size = layer.outSize;
    if (layer.code === ACT_SOFTMAX) changed = 'all';
    const before = this.dirty[l];
    this.dirty[l] = before === undefined || sameChange(before, changed) ? changed : 'all';
    if (out === net) return changed;
    if (changed === 'all') {
      activateForward(layer.code, layer.custom, net, out, n, size);
      return changed;
    }
    const g = changed.size;
    for (let s = 0; s < n; s++) {
      for (const c of changed.groups) {
        const o = s * size + c * g;
        activateForward(layer.code, layer.custom, net.subarray(o, o + g), out.subarray(o, o + g), 1, g);
      }
    }
    return changed;
  }

  /**
   * The relu on/off pattern and the max-pool choices over what the passes changed, layer by layer,
   * written into `into` (grown when too small; the signature is its first `length` values): two
   * passes of the same entry straddle a kink when these differ.
   */
  kinkSignature(into: Int32Array): { signature: Int32Array; length: number } {
    let sig = into, k = 0;
    const n = this.n, layers = this.network.layers;
    for (let l = 0; l < layers.length; l++) {
      const d = this.dirty[l], layer = layers[l];
      if (d === undefined) continue;
      const relu = isReluType(layer.code), pool = layer.type === 'maxpool2d';
      if (!relu && !pool) continue;
      const net = this.ws.net[l], arg = pool ? (layer as MaxPool2dLayer).argmax : undefined;
      const size = layer.outSize, runs = d === 'all' ? 1 : n * d.groups.length, g = d === 'all' ? n * size : d.size;
      const need = k + runs * g * (relu && pool ? 2 : 1);
      if (sig.length < need) {
        const grown = new Int32Array(Math.max(need, 2 * sig.length));
        grown.set(sig.subarray(0, k));
        sig = grown;
      }
      for (let r = 0; r < runs; r++) {
        const a = runStart(d, r, size);
        if (relu) for (let i = a, e = a + g; i < e; i++) sig[k++] = net[i] > 0 ? 1 : 0;
        if (arg) for (let i = a, e = a + g; i < e; i++) sig[k++] = arg[i];
      }
    }
    return { signature: sig, length: k };
  }

  /** Copies the base pass back over everything the passes since the last call changed. */
  restore(): void {
    const n = this.n, layers = this.network.layers;
    for (let l = 0; l < layers.length; l++) {
      const d = this.dirty[l];
      if (d === undefined) continue;
      const net = this.ws.net[l], out = this.ws.out[l], bn = this.baseNet[l], bo = this.baseOut[l];
      const size = layers[l].outSize, runs = d === 'all' ? 1 : n * d.groups.length, g = d === 'all' ? n * size : d.size;
      for (let r = 0; r < runs; r++) {
        const a = runStart(d, r, size);
        net.set(bn.subarray(a, a + g), a);
        if (out !== net) out.set(bo.subarray(a, a + g), a);
      }
      this.dirty[l] = undefined;
    }
  }
}

function sameChange(a: Changed, b: Changed): boolean {
  if (a === 'all' || b === 'all') return a === b;
  return a.size === b.size && a.groups.length === b.groups.length && a.groups.every((g, i) => g === b.groups[i]);
}

/** Where run r of the changed values starts (runs in sample order, then group order; one run for `'all'`). */
function runStart(changed: Changed, r: number, size: number): number {
  if (changed === 'all') return 0;
  const G = changed.groups.length, s = Math.floor(r / G);
  return s * size + changed.groups[r - s * G] * changed.size;
}
