import { describe, expect, it } from 'vitest';
import { exampleModels, useWorkbench } from './harness/workbench';

describe('every example model', () => {
  const vs = useWorkbench();
  const examples = exampleModels();

  it('examples/ holds model files', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('%s opens as a GradLens model without JSON syntax errors', async (example) => {
    await vs.openFile(example);
    await expect.poll(() => vs.languageMode(), { timeout: 60_000 }).toBe('GradLens Model');
    const name = example.split('/').pop()!;
    const syntax = (await vs.problems()).filter(
      (problem) => problem.file === name && /comments are not permitted|expected|unexpected|trailing comma/i.test(problem.message),
    );
    expect(syntax).toEqual([]);
    await vs.screenshot(`example-${name.replace(/\.nn\.json$/, '')}`);
  });
});
