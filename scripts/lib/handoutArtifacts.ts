/**
 * Writes lecture handouts of examples the way Export Lecture Handout makes them (the worker's
 * teaching request, then `buildHandout`), for looking at: `node scripts/handout-artifacts.mjs`.
 * Arguments: output folder, then example file names, each optionally `name:steps` (train that many
 * steps first, as the person would before exporting; `name:file` trains the file's epochs).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { buildHandout } from '../../src/teaching/handout';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';

async function main(): Promise<void> {
  const [out, ...names] = process.argv.slice(2);
  mkdirSync(out, { recursive: true });
  for (const argument of names) {
    const [name, steps] = argument.split(':');
    const fileName = path.resolve('examples', name);
    const doc: WorkerDocument = { uri: `file://${fileName}`, version: 1, text: readFileSync(fileName, 'utf8'), fileName, settings: DEFAULT_ANALYSIS_SETTINGS };
    const store = new SessionStore(openSession);
    if (steps) await store.get(doc).session!.train(steps === 'file' ? {} : { steps: Number(steps) });
    const analysis = store.analyse(doc)?.analysis;
    if (!analysis) throw new Error(`${name} did not analyse`);
    const answer = await new TeachingRequests(store).handout(doc, { signal: { aborted: false }, yieldToEventLoop: async () => {} });
    if (isProblem(answer)) throw new Error(`${name}: ${answer.problem}`);
    const html = buildHandout({ analysis, ...answer });
    const target = path.join(out, `${name.replace(/\.nn\.json$/, '')}.handout.html`);
    writeFileSync(target, html);
    console.log(`${target}: ${html.length} characters`);
  }
}

main().catch((error: Error) => { console.error(error.message); process.exit(1); });
