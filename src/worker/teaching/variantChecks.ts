/**
 * What dense and layered Compare Runs variants share: the refusal (a variant that does not apply,
 * with the reason for people) and the check that a loss fits the output layer. No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { activationName, type ActivationSpec, type LossKind } from '../../engine';

/** A variant that does not apply to this model, with the reason for people. */
export class VariantRefused extends Error {}

export function refuse(message: string): never {
  throw new VariantRefused(message);
}

/** The losses whose formula needs a particular output activation, and that activation. */
export function checkLossFits(loss: LossKind, output: { readonly name: string; readonly activation: ActivationSpec }): void {
  const act = activationName(output.activation);
  if (loss === 'cross-entropy' && act !== 'softmax') refuse(l10n.t('cross-entropy needs a softmax output layer; "{0}" is {1}.', output.name, act));
  if (loss === 'binary-cross-entropy' && act !== 'sigmoid') refuse(l10n.t('binary-cross-entropy needs a sigmoid output layer; "{0}" is {1}.', output.name, act));
}
