/**
 * Float64 tensors and reverse-mode automatic differentiation over a recorded graph.
 *
 * Every op call records a node: its output tensor remembers the op's name, its input tensors and
 * whatever the op saved for its backward rule. `y.backward()` then
 * 1. sorts the graph below `y` topologically (once, iteratively: deep graphs do not overflow the stack),
 * 2. seeds ∂y/∂y = 1 and walks the order backwards, asking each node's registered backward rule for
 *    the gradients of its inputs,
 * 3. asserts that every returned gradient has exactly its input's shape, and
 * 4. ACCUMULATES (+=) them, so a tensor used twice receives both contributions.
 * A node whose op has no backward rule fails loudly, naming the op.
 *
 * The op registry throws on a duplicate name (TensorFlow.js's hand-kept list once had silent ones).
 */

export type Shape = readonly number[];

/** A gradient as a backward rule returns it: values and the shape they claim to have. */
export interface Grad {
  readonly shape: Shape;
  readonly data: Float64Array;
}

/** Given ∂y/∂out and the output node, the gradient for each input (undefined: no gradient needed). */
export type BackwardRule = (grad: Float64Array, node: Tensor) => readonly (Grad | undefined)[];

/** An op as registered: its unique name and its backward rule. */
export interface OpDefinition {
  readonly name: string;
  /** Absent for ops that cannot be differentiated through: backward then throws. */
  readonly backward?: BackwardRule;
}

const registry = new Map<string, OpDefinition>();

/**
 * Registers an op by name and returns a function that records its nodes.
 * @throws Error when an op of that name is already registered.
 */
export function defineOp(def: OpDefinition): (data: Float64Array, shape: Shape, inputs: readonly Tensor[], saved?: unknown) => Tensor {
  if (registry.has(def.name)) throw new Error(`autodiff: op '${def.name}' is registered twice`);
  registry.set(def.name, def);
  return (data, shape, inputs, saved) => new Tensor(data, shape, def.name, inputs, saved, inputs.some((t) => t.requiresGrad));
}

/** Names of all registered ops, in registration order. */
export function registeredOps(): string[] {
  return [...registry.keys()];
}

/** Number of values in a tensor of this shape (1 for a scalar, shape []). */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A shape as messages print it: `[2, 3]`. */
export function shapeString(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** True when two shapes are equal axis by axis. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A float64 tensor: a shape and row-major values; `grad` is filled by `backward()`. */
export class Tensor {
  readonly size: number;
  /** ∂(the tensor `backward` was called on)/∂this, same shape; undefined before backward. */
  grad: Float64Array | undefined;
  /** An optional name for messages and debugging. */
  label: string | undefined;

  constructor(
    readonly data: Float64Array,
    readonly shape: Shape,
    /** The op that produced this tensor; `'leaf'` for inputs and parameters. */
    readonly op: string = 'leaf',
    readonly inputs: readonly Tensor[] = [],
    /** Whatever the op kept for its backward rule. */
    readonly saved: unknown = undefined,
    /** False for constants: no gradient flows into them. */
    readonly requiresGrad = true,
  ) {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new Error(`tensor: invalid shape ${shapeString(shape)}`);
    }
    this.size = shapeSize(shape);
    if (data.length !== this.size) {
      throw new Error(`tensor: ${data.length} values do not fill shape ${shapeString(shape)} (${this.size} values)`);
    }
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor of shape ${shapeString(this.shape)} has ${this.size} values, not 1`);
    return this.data[0];
  }

  /**
   * Back-propagates from this tensor. A one-element tensor is seeded with 1; any other needs
   * `seed` (∂L/∂this, same size). Afterwards `t.grad` of every tensor below holds ∂this/∂t
   * (contracted with the seed). Gradients from earlier calls are replaced, not added to.
   */
  backward(seed?: Float64Array): void {
    if (seed === undefined && this.size !== 1) {
      throw new Error(`backward: tensor of shape ${shapeString(this.shape)} is not a scalar; pass a seed gradient`);
    }
    if (seed !== undefined && seed.length !== this.size) {
      throw new Error(`backward: seed has ${seed.length} values, tensor of shape ${shapeString(this.shape)} has ${this.size}`);
    }
    const order = topologicalOrder(this);
    for (const t of order) t.grad = new Float64Array(t.size);
    (this.grad as Float64Array).set(seed ?? [1]);
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      if (node.inputs.length === 0) continue;
      const def = registry.get(node.op);
      if (!def || !def.backward) {
        throw new Error(`autodiff: op '${node.op}' has no backward rule; cannot differentiate through it`);
      }
      const grads = def.backward(node.grad as Float64Array, node);
      if (grads.length !== node.inputs.length) {
        throw new Error(`autodiff: backward of '${node.op}' returned ${grads.length} gradients for ${node.inputs.length} inputs`);
      }
      for (let k = 0; k < grads.length; k++) {
        const input = node.inputs[k];
        const g = grads[k];
        if (!input.requiresGrad || g === undefined) continue;
        if (!sameShape(g.shape, input.shape) || g.data.length !== input.size) {
          throw new Error(
            `autodiff: backward of '${node.op}' gave a gradient of shape ${shapeString(g.shape)} `
            + `for input ${k} of shape ${shapeString(input.shape)}`,
          );
        }
        const acc = input.grad as Float64Array;
        for (let j = 0; j < acc.length; j++) acc[j] += g.data[j];
      }
    }
  }

  /** The values as nested arrays (a number for a scalar). */
  toNested(): unknown {
    const build = (dim: number, off: number): unknown => {
      if (dim === this.shape.length) return this.data[off];
      let stride = 1;
      for (let d = dim + 1; d < this.shape.length; d++) stride *= this.shape[d];
      const out: unknown[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, off + i * stride));
      return out;
    };
    return build(0, 0);
  }
}

/** Every tensor below `root` that needs a gradient, inputs before the tensors computed from them. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  if (!root.requiresGrad) return [root];
  const visited = new Set<Tensor>();
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.t.inputs.length) {
      const child = top.t.inputs[top.next++];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push({ t: child, next: 0 });
      }
    } else {
      order.push(top.t);
      stack.pop();
    }
  }
  return order;
}

/** Creates a leaf tensor (a parameter or input that receives a gradient) from values and a shape. */
export function tensor(values: ArrayLike<number>, shape?: Shape, label?: string): Tensor {
  const t = new Tensor(Float64Array.from(values), shape ?? [values.length]);
  t.label = label;
  return t;
}

/** A one-value leaf tensor of shape []. */
export function scalar(value: number, label?: string): Tensor {
  const t = new Tensor(Float64Array.of(value), []);
  t.label = label;
  return t;
}

/** A tensor that never receives a gradient (targets, fixed numbers). */
export function constant(values: number | ArrayLike<number>, shape?: Shape): Tensor {
  if (typeof values === 'number') return new Tensor(Float64Array.of(values), [], 'leaf', [], undefined, false);
  return new Tensor(Float64Array.from(values), shape ?? [values.length], 'leaf', [], undefined, false);
}

/** A tensor, or a plain number standing for a constant scalar. */
export type TensorLike = Tensor | number;

/** A number becomes a constant scalar; a tensor stays itself. */
export function asTensor(x: TensorLike): Tensor {
  return typeof x === 'number' ? constant(x) : x;
}
