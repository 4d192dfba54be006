/**
 * The kernels' loader needs no Node: bundled for the browser (esbuild, platform browser, which fails on
 * any Node built-in) and run in a bare V8 context that has only the language's own globals
 * (`WebAssembly` among them) and `atob`, as a web worker has, it starts the SIMD kernels and computes
 * the same forward product as the TypeScript reference; with `WebAssembly` deleted it falls back and
 * says so.
 */
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';

async function browserBundle(): Promise<string> {
  const entry = `
    import { denseForward, describeKernels, useKernels } from './products';
    import * as reference from './kernels';
    export function run() {
      const n = 32, fanIn = 33, units = 65;
      const A = new Float64Array(n * fanIn).map((_, i) => Math.sin(i)), W = new Float64Array(units * fanIn).map((_, i) => Math.cos(i));
      const b = new Float64Array(units).fill(0.5), fast = new Float64Array(n * units), ref = new Float64Array(n * units);
      useKernels('wasm-simd');
      denseForward(A, n, fanIn, W, b, units, fast);
      const kernels = describeKernels();
      reference.denseForward(A, n, fanIn, W, b, units, ref);
      return { kernels, same: fast.every((v, i) => Object.is(v, ref[i])) };
    }`;
  const out = await build({
    stdin: { contents: entry, resolveDir: path.resolve(__dirname, '../../src/engine'), loader: 'ts' },
    bundle: true, platform: 'browser', format: 'iife', globalName: 'engine', write: false, logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

describe('the kernels in a web build', () => {
  it('bundle for the browser and run on WebAssembly SIMD with nothing but WebAssembly and atob', async () => {
    const code = await browserBundle();
    const result = runInNewContext(`${code}; engine.run()`, { atob }) as { kernels: string; same: boolean };
    expect(result).toEqual({ kernels: 'kernels: wasm-simd (every size; one thread (no helper thread on this platform))', same: true });
  });

  it('fall back to the TypeScript kernels where there is no WebAssembly', async () => {
    const code = await browserBundle();
    const result = runInNewContext(`delete globalThis.WebAssembly; ${code}; engine.run()`, { atob }) as { kernels: string; same: boolean };
    expect(result).toEqual({ kernels: 'kernels: typescript (no WebAssembly)', same: true });
  });
});
