/**
 * The names a model file may use for its loss and its built-in activations: one list each, read by the
 * model reader (what it accepts), the engine (what it computes), the teaching features and the panel.
 */

/** The built-in activations, in the order the docs list them. */
export const ACTIVATION_KINDS = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax'] as const;
export type BuiltinActivation = (typeof ACTIVATION_KINDS)[number];

/** The losses, in the order the docs list them. */
export const LOSS_KINDS = ['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

export function isBuiltinActivation(name: unknown): name is BuiltinActivation {
  return (ACTIVATION_KINDS as readonly unknown[]).includes(name);
}

export function isLossKind(name: unknown): name is LossKind {
  return (LOSS_KINDS as readonly unknown[]).includes(name);
}
