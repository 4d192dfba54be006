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

  it('comments in model files are not JSON errors, and the JSON schema applies', async () => {
    await vs.openFile('fixtures/comments.nn.json');
    const messages = async (): Promise<string[]> =>
      (await vs.problems()).filter((problem) => problem.file === 'comments.nn.json').map(describeProblem);
    await expect
      .poll(messages, {
        timeout: 60_000,
        message:
          "VS Code's JSON language server never validated the model file against schemas/nn.schema.json " +
          '(it starts only for json/jsonc documents unless something activates vscode.json-language-features)',
      })
      .toContainEqual(expect.stringMatching(/Incorrect type/i));
    expect(
      (await messages()).filter((message) => /comment/i.test(message)),
      'comments reported as errors: jsonLanguageParticipants needs "comments": true',
    ).toEqual([]);
  });
});
