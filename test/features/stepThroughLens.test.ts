/** While stepping through, a lens follows the stop on screen with that stop's numbers. */
import { describe, expect, it } from 'vitest';
import { openExample } from '../helpers/examples';
import { StepRecorder, phaseStops } from '../../src/worker/teaching/stepThrough';
import { stepThroughLens } from '../../src/codelens/stepThroughLens';
import { exampleText } from '../helpers/examples';
import { texted } from '../helpers/textedRecorder';

const URI = 'file:///worked-example.nn.json';
const lines = exampleText('worked-example.nn.json').split('\n');
const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));

function stops() {
  const session = openExample('worked-example.nn.json');
  const recorder = texted(new StepRecorder(session.currentNetwork.clone(), session.model.data.train, session.model.loss, session.model.train));
  return { analysis: session.analyse().analysis!, views: phaseStops(2).map(() => recorder.nextPhase()) };
}

describe('the step-through lens', () => {
  const { analysis, views } = stops();

  it('sits above the layer of a forward stop, with that layer\'s outputs', () => {
    const lens = stepThroughLens(URI, analysis, views[0], 3)!;
    expect(lens.range.start.line).toBe(lineOf('"name": "hidden"'));
    expect(lens.command!.title).toBe('▶ step 1 · forward · hidden · sample 1: out 0.593, 0.597');
    expect(lens.command!.command).toBe('gradlens.stepThrough');
  });

  it('sits above "loss" at the loss stop, with the published E_total', () => {
    const lens = stepThroughLens(URI, analysis, views[2], 3)!;
    expect(lens.range.start.line).toBe(lineOf('"loss"'));
    expect(lens.command!.title).toBe('▶ step 1 · loss · loss 0.2984');
  });

  it('shows the gradient size going backward, but no derivative at depth 1', () => {
    expect(stepThroughLens(URI, analysis, views[3], 3)!.command!.title).toMatch(/^▶ step 1 · backward · output · ‖∂L\/∂W‖ 1\.2e-1$/);
    expect(stepThroughLens(URI, analysis, views[3], 1)!.command!.title).toBe('▶ step 1 · backward · output · error signals flow back');
  });

  it('is absent when nothing is being stepped through', () => {
    expect(stepThroughLens(URI, analysis, undefined, 3)).toBeUndefined();
  });
});
