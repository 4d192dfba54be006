import { describe, expect, it } from 'vitest';
import { exampleModels, useWorkbench, type Problem } from './harness/workbench';

const describeProblem = (problem: Problem): string =>
  `${problem.file}:${problem.line}:${problem.column} ${problem.severity} [${problem.source || 'no source'}] ${problem.message}`;

describe('every example model', () => {
  const vs = useWorkbench({
    files: {
      // A comment, and a schema error that only VS Code's JSON language server reports: once the
      // schema error is listed, that server has validated the file, comment included.
      'fixtures/comments.nn.json':
        '// Teachers annotate their model files.\n' +
        '{\n' +
        '  /* a block comment */\n' +
        '  "inputs": "two",\n' +
        '  "layers": [{ "units": 1 }],\n' +
        '  "loss": "mse",\n' +
        '  "data": { "inputs": [[1, 2]], "targets": [[1]] }\n' +
        '}\n',
    },
  });
  const examples = exampleModels();

  it('examples/ holds model files', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('%s opens as a GradLens model; VS Code itself reports no problem in it', async (example) => {
    await vs.openFile(example);
    await expect.poll(() => vs.languageMode(), { timeout: 60_000 }).toBe('GradLens Model');
    // GradLens has analysed the file once its lenses show; by then VS Code's JSON server is done too.
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).not.toEqual([]);
    const name = example.split('/').pop()!;
    // Problems from anything but GradLens (JSON syntax, comments, the schema) mean a broken example
    // or a broken language contribution. GradLens's own findings are the examples' point.
    const foreign = (await vs.problems(name)).filter((problem) => problem.source !== 'gradlens');
    expect(foreign.map(describeProblem)).toEqual([]);
    await vs.screenshot(`example-${name.replace(/\.nn\.json$/, '')}`);
  });

  it('comments in model files are not errors; GradLens reports the wrong type; the schema completes keys', async () => {
    await vs.openFile('fixtures/comments.nn.json');
    const messages = async (): Promise<string[]> => (await vs.problems('comments.nn.json')).map(describeProblem);
    // GradLens's own reader validates the file (VS Code's JSON server would flag the comments).
    await expect.poll(messages, { timeout: 60_000 }).toContainEqual(expect.stringMatching(/\[gradlens\].*"inputs"|\[gradlens\].*inputs/));
    const aboutComments = (await vs.problems('comments.nn.json')).filter((problem) => /comment/i.test(problem.message));
    expect(aboutComments.map(describeProblem), 'comments reported as errors').toEqual([]);
    // Completion from schemas/nn.schema.json: inside the layer object, the layer's keys are offered.
    await vs.goToLine(5);
    await vs.page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await vs.page.keyboard.press('ArrowLeft'); // just inside `{ "units": 1 }`
    await vs.page.keyboard.type(', "');
    await vs.page.keyboard.press('Control+Space');
    const suggestions = vs.page.locator('.suggest-widget .monaco-list-row');
    await suggestions.first().waitFor({ state: 'visible', timeout: 30_000 });
    const labels = (await suggestions.allInnerTexts()).join(' ');
    expect(labels).toMatch(/activation/);
    await vs.screenshot('schema-completion');
    await vs.page.keyboard.press('Escape');
    await vs.runCommand('File: Revert File');
  });
});
