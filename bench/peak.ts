/**
 * The ceiling a WebAssembly f64x2 kernel can reach on this machine and runtime: a tight loop of
 * independent multiplies and adds on registers only (12 accumulators, acc = acc·m + c, no memory),
 * assembled with wabt here. GFLOP/s counts 2 lanes × (1 multiply + 1 add) per accumulator and step.
 */
import { performance } from 'node:perf_hooks';
import { median } from './stats';

const ACCUMULATORS = 12;

function peakWat(): string {
  const accs = Array.from({ length: ACCUMULATORS }, (_, i) => i);
  return `(module
(func (export "spin") (param $n i32) (result f64)
  (local $m v128) (local $c v128) ${accs.map((i) => `(local $a${i} v128)`).join(' ')}
  (local.set $m (v128.const f64x2 0.999999 0.999999))
  (local.set $c (v128.const f64x2 1e-7 1e-7))
  ${accs.map((i) => `(local.set $a${i} (v128.const f64x2 ${i + 1} ${i + 2}))`).join('\n  ')}
  (loop $l
    ${accs.map((i) => `(local.set $a${i} (f64x2.add (f64x2.mul (local.get $a${i}) (local.get $m)) (local.get $c)))`).join('\n    ')}
    (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
  (f64x2.extract_lane 0 ${accs.slice(1).reduce((e, i) => `(f64x2.add ${e} (local.get $a${i}))`, '(local.get $a0)')}))
)`;
}

type Instantiate = (bytes: Uint8Array) => Promise<{ instance: { exports: Record<string, unknown> } }>;

/** GFLOP/s of `rounds` short runs of the tight loop (one thread): their median and the fastest. */
export async function simdPeakGflops(rounds = 101): Promise<{ median: number; best: number }> {
  const { default: createWabt } = await import('wabt');
  const wabt = await createWabt();
  const parsed = wabt.parseWat('peak.wat', peakWat(), { simd: true });
  const bytes = new Uint8Array(parsed.toBinary({}).buffer);
  parsed.destroy();
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate: Instantiate } }).WebAssembly;
  const { instance } = await wasm.instantiate(bytes);
  const spin = instance.exports.spin as (n: number) => number;
  const steps = 200_000;
  spin(steps);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    spin(steps);
    samples.push((steps * ACCUMULATORS * 4) / ((performance.now() - t0) * 1e6));
  }
  return { median: median(samples), best: Math.max(...samples) };
}
