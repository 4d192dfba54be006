/**
 * What each warning code means and what usually fixes it, in one line each. Shown in hovers,
 * the panel's warnings list and the CLI report, so a student meets the same words everywhere.
 */
export interface WarningText {
  /** A short title for lenses: "vanishing gradient". */
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
}

const TEXTS: Record<string, WarningText> = {
  'vanishing-gradient': {
    title: 'vanishing gradient',
    explanation: 'The gradients reaching this layer are so small that its weights barely change: every sigmoid or tanh on the way back multiplies the signal by its slope (at most 0.25 for a sigmoid).',
    fix: 'Use ReLU or tanh instead of sigmoid in hidden layers, fewer layers, He or Xavier initialisation, or a larger learning rate for this layer.',
  },
  'exploding-gradient': {
    title: 'exploding gradient',
    explanation: 'The gradients of this layer are huge, so one step can throw the weights far away and the loss can jump or become NaN.',
    fix: 'Lower the learning rate, scale (normalise) the inputs, and initialise with smaller weights (Xavier or He).',
  },
  'dead-relu': {
    title: 'dead ReLU units',
    explanation: 'These ReLU units output 0 for every sample, so they pass back a gradient of 0 and never learn again.',
    fix: 'Use He initialisation, a bias near 0, a smaller learning rate, or leaky-relu.',
  },
  saturated: {
    title: 'saturated units',
    explanation: 'Most outputs of this layer sit at the flat ends of the sigmoid or tanh, where the slope is nearly 0, so little gradient flows through.',
    fix: 'Normalise the inputs, initialise with smaller weights, or use ReLU in hidden layers.',
  },
  'non-finite': {
    title: 'NaN or infinity',
    explanation: 'A value became NaN or infinite here; everything computed from it is meaningless.',
    fix: 'Look for huge inputs or weights, a learning rate that is too large, or log of 0 in a custom activation.',
  },
  'gradcheck-failed': {
    title: 'gradient check failed',
    explanation: 'The gradient computed by back-propagation disagrees with the numerical estimate from central differences: the derivative used for this layer is wrong.',
    fix: 'Check the derivative (df) of a custom activation; the quick fix offers the symbolic derivative when it can compute it.',
  },
  'gradcheck-warning': {
    title: 'gradient check uncertain',
    explanation: 'Back-propagation and the numerical estimate agree only roughly here.',
    fix: 'Often harmless near a kink (ReLU at 0) or with very small gradients; otherwise check the derivative.',
  },
  'update-ratio': {
    title: 'update/weight ratio',
    explanation: 'A healthy step changes the weights by about a thousandth of their size; this one is far from that.',
    fix: 'Far below: raise the learning rate. Far above: lower it.',
  },
};

const FALLBACK: WarningText = { title: 'model file problem', explanation: 'The model file has a problem at this place.', fix: 'See the message.' };

export function warningText(code: string): WarningText {
  return TEXTS[code] ?? { ...FALLBACK, title: code.replace(/-/g, ' ') };
}

/** A warning as far as its Drive wording needs it. */
export interface WarningForDrive {
  readonly code: string;
  readonly layer?: string;
  readonly details?: Record<string, number | string>;
}

/**
 * The warning in the words of depth 1 (Drive), which shows no derivative: what goes wrong for
 * training and what helps, without ∂, δ, gradient sizes or the gradient check's numbers. Undefined
 * for codes whose own message has none (e.g. the update/weight ratio, a model too large).
 */
export function driveMessage(w: WarningForDrive): string | undefined {
  const name = w.layer ?? '?';
  const layer = `layer '${name}'`;
  const count = (key: string) => (w.details?.[key] !== undefined ? `${w.details[key]} of the ${w.details.units} units of ` : 'units of ');
  switch (w.code) {
    case 'vanishing-gradient':
      return `Layer '${name}' barely learns: the error signal from the output fades on its way back through the layers. `
        + 'Fewer layers, ReLU or tanh instead of sigmoid in hidden layers, or a better initialisation help. Depth 2 (Service) shows how much reaches each layer.';
    case 'exploding-gradient':
      return `Layer '${name}' gets a huge error signal: one training step can throw its weights far off. `
        + 'A smaller learning rate, normalised inputs or smaller initial weights help. Depth 2 (Service) shows how large it is.';
    case 'dead-relu':
      return `${count('deadUnits')}${layer} output 0 for every sample: they have stopped learning and cannot recover. `
        + 'A smaller learning rate, He initialisation, a bias near 0 or leaky-relu help.';
    case 'saturated':
      return `${count('saturatedUnits')}${layer} are saturated: for most samples their output sits at a flat end of the curve, so they learn very slowly. `
        + 'Normalise the inputs or start from smaller weights.';
    case 'non-finite':
      return `A value became NaN or infinite in ${layer}: every number computed from it is meaningless. `
        + 'A learning rate that is too high, huge inputs, or the log of 0 in a custom activation cause this.';
    case 'gradcheck-failed': {
      const source = w.details?.likelySourceLayer;
      return `Training goes the wrong way in ${layer}: back-propagation does not match the network's own forward computation${source !== undefined && source !== w.layer ? ` (the mistake is probably in layer '${source}')` : ''}. `
        + 'Check df of the custom activation; the quick fix offers the right one. Depth 3 (Repair) shows the numbers.';
    }
    default:
      return undefined;
  }
}

/** Codes the Problems panel shows beside a message at depth 1 (Drive), where a code must not name a gradient either. */
const DRIVE_CODES: Record<string, string> = {
  'vanishing-gradient': 'fading-signal',
  'exploding-gradient': 'huge-signal',
  'gradcheck-failed': 'learns-the-wrong-way',
};

/** The code a warning shows at depth 1 (its own where it names no gradient). */
export function driveCode(code: string): string {
  return DRIVE_CODES[code] ?? code;
}
