// Issue 19 in VS Code: Write Trained Weights on a layer whose last property is followed by a `//`
// comment writes the weights as properties of the layer (before the comment), so the file's own
// analysis afterwards shows the loss the training reached.
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

const COMMENTED = `{
  "name": "commented",
  "seed": 3,
  "inputs": 2,
  "layers": [
    { "name": "hidden", "units": 2, "activation": "sigmoid" // the hidden layer
    },
    { "name": "output", "units": 1, "activation": "sigmoid" }
  ],
  "loss": "mse",
  "data": { "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [[0], [1], [1], [1]] },
  "train": { "learningRate": 3 }
}
`;

describe('Write Trained Weights on a layer ending in a // comment', () => {
  const vs = useWorkbench({ open: 'commented.nn.json', files: { 'commented.nn.json': COMMENTED } });
  const lossLens = async () => (await vs.codeLensTexts()).find((t) => t.startsWith('loss ')) ?? '';

  it('writes the trained weights into the layer: the file, analysed again, shows the trained loss', async () => {
    await expect.poll(lossLens, { timeout: 60_000 }).toMatch(/^loss \d/);
    const initial = (await lossLens()).slice('loss '.length);
    for (let step = 1; step <= 3; step++) {
      await vs.runCommand('GradLens: Step');
      await expect.poll(lossLens, { timeout: 60_000 }).toMatch(new RegExp(`after ${step} steps?$`));
    }
    const trained = /→ (\S+) after 3 steps$/.exec(await lossLens())![1]!;
    expect(trained).not.toBe(initial);
    await vs.runCommand('GradLens: Write Trained Weights to File');
    // The edit starts a new analysis of the file itself (step 0): its loss is the trained one.
    await expect.poll(lossLens, { timeout: 60_000 }).toBe(`loss ${trained}`);
    await vs.runCommand('File: Save');
    await expect.poll(() => vs.readFile('commented.nn.json'), { timeout: 30_000 }).toContain('"weights"');
    const line = vs.readFile('commented.nn.json').split('\n').find((l) => l.includes('// the hidden layer'));
    expect(line).toMatch(/"activation": "sigmoid", "weights": \[\[.+\]\], "bias": \[.+\] \/\/ the hidden layer$/);
    await vs.screenshot('write-weights-before-comment');
  });
});
