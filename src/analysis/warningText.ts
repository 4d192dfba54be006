/**
 * What each warning code means and what usually fixes it, in one line each. Shown in hovers,
 * the panel's warnings list and the CLI report, so a student meets the same words everywhere.
 * Written with `l10n.t` of @vscode/l10n, called each time (not at load), so the texts are in the
 * language loaded then; the CLI loads none and gets the English texts.
 */
import * as l10n from '@vscode/l10n';

export interface WarningText {
  /** A short title for lenses: "vanishing gradient". */
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
}

function texts(): Record<string, WarningText> {
  return {
    'vanishing-gradient': {
      title: l10n.t('vanishing gradient'),
      explanation: l10n.t('The gradients reaching this layer are so small that its weights barely change: every sigmoid or tanh on the way back multiplies the signal by its slope (at most 0.25 for a sigmoid).'),
      fix: l10n.t('Use ReLU or tanh instead of sigmoid in hidden layers, fewer layers, He or Xavier initialisation, or a larger learning rate for this layer.'),
    },
    'exploding-gradient': {
      title: l10n.t('exploding gradient'),
      explanation: l10n.t('The gradients of this layer are huge, so one step can throw the weights far away and the loss can jump or become NaN.'),
      fix: l10n.t('Lower the learning rate, scale (normalise) the inputs, and initialise with smaller weights (Xavier or He).'),
    },
    'dead-relu': {
      title: l10n.t('dead ReLU units'),
      explanation: l10n.t('These ReLU units output 0 for every sample, so they pass back a gradient of 0 and never learn again.'),
      fix: l10n.t('Use He initialisation, a bias near 0, a smaller learning rate, or leaky-relu.'),
    },
    saturated: {
      title: l10n.t('saturated units'),
      explanation: l10n.t('Most outputs of this layer sit at the flat ends of the sigmoid or tanh, where the slope is nearly 0, so little gradient flows through.'),
      fix: l10n.t('Normalise the inputs, initialise with smaller weights, or use ReLU in hidden layers.'),
    },
    'non-finite': {
      title: l10n.t('NaN or infinity'),
      explanation: l10n.t('A value became NaN or infinite here; everything computed from it is meaningless.'),
      fix: l10n.t('Look for huge inputs or weights, a learning rate that is too large, or log of 0 in a custom activation.'),
    },
    'gradcheck-failed': {
      title: l10n.t('gradient check failed'),
      explanation: l10n.t('The gradient computed by back-propagation disagrees with the numerical estimate from central differences: the derivative used for this layer is wrong.'),
      fix: l10n.t('Check the derivative (df) of a custom activation; the quick fix offers the symbolic derivative when it can compute it.'),
    },
    'gradcheck-warning': {
      title: l10n.t('gradient check uncertain'),
      explanation: l10n.t('Back-propagation and the numerical estimate agree only roughly here.'),
      fix: l10n.t('Often harmless near a kink (ReLU at 0) or with very small gradients; otherwise check the derivative.'),
    },
    'update-ratio': {
      title: l10n.t('update/weight ratio'),
      explanation: l10n.t('A healthy step changes the weights by about a thousandth of their size; this one is far from that.'),
      fix: l10n.t('Far below: raise the learning rate. Far above: lower it.'),
    },
  };
}

export function warningText(code: string): WarningText {
  return texts()[code] ?? {
    title: code.replace(/-/g, ' '), explanation: l10n.t('The model file has a problem at this place.'), fix: l10n.t('See the message.'),
  };
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
  const units = String(w.details?.units);
  switch (w.code) {
    case 'vanishing-gradient':
      return l10n.t("Layer '{0}' barely learns: the error signal from the output fades on its way back through the layers. Fewer layers, ReLU or tanh instead of sigmoid in hidden layers, or a better initialisation help. Depth 2 (Service) shows how much reaches each layer.", name);
    case 'exploding-gradient':
      return l10n.t("Layer '{0}' gets a huge error signal: one training step can throw its weights far off. A smaller learning rate, normalised inputs or smaller initial weights help. Depth 2 (Service) shows how large it is.", name);
    case 'dead-relu':
      return w.details?.deadUnits !== undefined
        ? l10n.t("{0} of the {1} units of layer '{2}' output 0 for every sample: they have stopped learning and cannot recover. A smaller learning rate, He initialisation, a bias near 0 or leaky-relu help.", w.details.deadUnits, units, name)
        : l10n.t("units of layer '{0}' output 0 for every sample: they have stopped learning and cannot recover. A smaller learning rate, He initialisation, a bias near 0 or leaky-relu help.", name);
    case 'saturated':
      return w.details?.saturatedUnits !== undefined
        ? l10n.t("{0} of the {1} units of layer '{2}' are saturated: for most samples their output sits at a flat end of the curve, so they learn very slowly. Normalise the inputs or start from smaller weights.", w.details.saturatedUnits, units, name)
        : l10n.t("units of layer '{0}' are saturated: for most samples their output sits at a flat end of the curve, so they learn very slowly. Normalise the inputs or start from smaller weights.", name);
    case 'non-finite':
      return l10n.t("A value became NaN or infinite in layer '{0}': every number computed from it is meaningless. A learning rate that is too high, huge inputs, or the log of 0 in a custom activation cause this.", name);
    case 'gradcheck-failed': {
      const source = w.details?.likelySourceLayer;
      return source !== undefined && source !== w.layer
        ? l10n.t("Training goes the wrong way in layer '{0}': back-propagation does not match the network's own forward computation (the mistake is probably in layer '{1}'). Check df of the custom activation; the quick fix offers the right one. Depth 3 (Repair) shows the numbers.", name, source)
        : l10n.t("Training goes the wrong way in layer '{0}': back-propagation does not match the network's own forward computation. Check df of the custom activation; the quick fix offers the right one. Depth 3 (Repair) shows the numbers.", name);
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
