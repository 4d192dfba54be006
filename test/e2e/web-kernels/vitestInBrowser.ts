/**
 * What the engine's fidelity test files import from `vitest`, for a browser bundle of them
 * (bundle.mjs aliases `vitest` to this file): the same `expect` as vitest's (chai with
 * @vitest/expect's plugins, the matchers and equality vitest itself uses), and `describe`, `it`,
 * `beforeAll`, `afterAll` that collect the cases, so that `runCollected()` runs them in order and
 * reports each one's outcome. No timeouts: the end-to-end test that drives the page has the only
 * bound (no timing assumed).
 */
import * as chai from 'chai';
import { ASYMMETRIC_MATCHERS_OBJECT, GLOBAL_EXPECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, getState, setState } from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Expect = ((value: unknown, message?: string) => unknown) & typeof chai.expect & Record<string, unknown>;

/** vitest's `createExpect`, without a current test (nothing here needs one). */
function createExpect(): Expect {
  const expect = ((value: unknown, message?: string) => {
    const { assertionCalls } = getState(expect as never) as { assertionCalls: number };
    setState({ assertionCalls: assertionCalls + 1 } as never, expect as never);
    return chai.expect(value, message);
  }) as Expect;
  Object.assign(expect, chai.expect);
  Object.assign(expect, (globalThis as Record<symbol, unknown>)[ASYMMETRIC_MATCHERS_OBJECT]);
  setState({ assertionCalls: 0, isExpectingAssertions: false, isExpectingAssertionsError: null, expectedAssertionsNumber: null, expectedAssertionsNumberErrorGen: null } as never, expect as never);
  return expect;
}

/** Typed as vitest's own `expect`, which it is made like. */
export const expect = createExpect() as unknown as typeof import('vitest').expect;
// The matchers read the global expect's state; in a browser bundle this is the only one.
(globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] ??= expect;

type Body = () => unknown;
interface Suite { readonly name: string; readonly before: Body[]; readonly after: Body[]; readonly children: Array<Suite | Case> }
interface Case { readonly name: string; readonly body: Body }

const root: Suite = { name: '', before: [], after: [], children: [] };
let current = root;

export function describe(name: string, body: () => void): void {
  const suite: Suite = { name, before: [], after: [], children: [] };
  current.children.push(suite);
  const parent = current;
  current = suite;
  try { body(); } finally { current = parent; }
}

export function it(name: string, body: Body): void {
  current.children.push({ name, body });
}
export const test = it;

export function beforeAll(body: Body): void { current.before.push(body); }
export function afterAll(body: Body): void { current.after.push(body); }

/** One case's outcome: its full name (`suite > case`), and the error's message when it failed. */
export interface CaseResult { readonly name: string; readonly passed: boolean; readonly error?: string }

/** Runs every collected case in order (hooks around their suites); `report` hears each outcome. */
export async function runCollected(report: (result: CaseResult) => void): Promise<void> {
  const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  async function run(suite: Suite, prefix: string): Promise<void> {
    const path = suite.name ? `${prefix}${suite.name} > ` : prefix;
    try {
      for (const hook of suite.before) await hook();
    } catch (e) {
      report({ name: `${path}(beforeAll)`, passed: false, error: message(e) });
      return;
    }
    for (const child of suite.children) {
      if ('body' in child) {
        try {
          await child.body();
          report({ name: path + child.name, passed: true });
        } catch (e) {
          report({ name: path + child.name, passed: false, error: message(e) });
        }
      } else {
        await run(child, path);
      }
    }
    for (const hook of suite.after) {
      try { await hook(); } catch (e) { report({ name: `${path}(afterAll)`, passed: false, error: message(e) }); }
    }
  }
  await run(root, '');
}
