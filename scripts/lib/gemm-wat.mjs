// The WebAssembly SIMD matrix product of src/engine/wasm/, as WebAssembly text, and its assembly with
// wabt (the WebAssembly Binary Toolkit's own JavaScript build; no toolchain download).
//
//   gemm(x, ldx, y, c, ldc, m, k, n):  C = X·Y   X: m × k, Y: k × n, C: m × n, float64;
//   x, y, c are byte offsets into the module's memory; X and C are row-major with ldx, ldc bytes from
//   one row to the next; Y is packed in column strips (see `packedIndex`): first the strips of 2·nv
//   columns, then of 2, then of 1, each strip k rows of its width, one after the other. A tile then
//   reads Y sequentially (a column walk down a row-major Y touches a new page at every step when rows
//   are 4 KB long, and ran 3–4× slower).
//
// Every entry is summed the way the plain loop `s = 0; for p in 0…k−1: s += X[i][p]·Y[p][j]` sums it:
// the two lanes of an f64x2 hold two neighbouring columns j, j+1 (never two terms of one sum), so a
// lane does exactly the scalar loop's multiplications and additions in the same order. Results are
// bit-identical to that loop, whatever tile an entry falls in (wasm has no fused multiply-add here).
//
// Register blocking: a tile of MR rows × NV vectors (2·NV columns) keeps MR·NV f64x2 accumulators
// for MR splat loads and NV vector loads per step of p. The remainders: NV = 1 vector, then a scalar
// column, and rows one at a time. The k loop runs in panels of KC steps (partial sums go back to C
// between panels, exact, so the order stays sequential): a KC × 2·NV strip of Y stays in L1 while
// all row tiles pass over it.
//
// The text is written out here rather than by hand because every tile is fully unrolled; the
// generator is the readable part. `npm run build` (scripts/build.mjs) writes the bytes into
// src/engine/wasm/gemmModule.ts; test/engine/wasm-kernels.test.ts checks they are up to date.

/** The register block chosen by measurement (see docs/PERFORMANCE.md, "WebAssembly kernels"). */
export const GEMM_TILE = Object.freeze({ mr: 4, nv: 2, kc: 256, mc: 64 });

const range = (n) => Array.from({ length: n }, (_, i) => i);

/**
 * One tile: C[0..mr)[0..w) (+)= X[0..mr)[0..kk) · Y[0..kk)[0..w), w = 2·nv columns, or one column
 * when nv is 0 (scalar f64). `init` 1: start from 0; 0: continue the partial sums stored in C.
 */
function tileFunc(mr, nv) {
  const scalar = nv === 0;
  const lanes = scalar ? 1 : nv;
  const T = scalar ? 'f64' : 'v128';
  const name = `$tile_${mr}_${nv}`;
  const acc = (r, v) => `$c${r}_${v}`;
  const out = [];
  out.push(`(func ${name} (param $xp i32) (param $yp i32) (param $cp i32) (param $kk i32) (param $ldx i32) (param $ldy i32) (param $ldc i32) (param $init i32)`);
  out.push(`  (local $p i32) (local $a ${T})`);
  out.push(`  ${range(mr).map((r) => `(local $x${r} i32) (local $r${r} i32)`).join(' ')}`);
  out.push(`  ${range(lanes).map((v) => `(local $y${v} ${T})`).join(' ')}`);
  out.push(`  ${range(mr).flatMap((r) => range(lanes).map((v) => `(local ${acc(r, v)} ${T})`)).join(' ')}`);
  for (const r of range(mr)) {
    out.push(`  (local.set $x${r} (i32.add (local.get $xp) (i32.mul (local.get $ldx) (i32.const ${r}))))`);
    out.push(`  (local.set $r${r} (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const ${r}))))`);
  }
  const load = (ptr, off) => (scalar ? `(f64.load offset=${off} (local.get ${ptr}))` : `(v128.load offset=${off} (local.get ${ptr}))`);
  out.push('  (if (i32.eqz (local.get $init)) (then');
  for (const r of range(mr)) for (const v of range(lanes)) out.push(`    (local.set ${acc(r, v)} ${load(`$r${r}`, 16 * v)})`);
  out.push('  ))');
  out.push('  (local.set $p (local.get $kk))');
  out.push('  (loop $steps');
  for (const v of range(lanes)) out.push(`    (local.set $y${v} ${load('$yp', 16 * v)})`);
  for (const r of range(mr)) {
    out.push(`    (local.set $a ${scalar ? `(f64.load (local.get $x${r}))` : `(v128.load64_splat (local.get $x${r}))`})`);
    for (const v of range(lanes)) {
      out.push(scalar
        ? `    (local.set ${acc(r, v)} (f64.add (local.get ${acc(r, v)}) (f64.mul (local.get $a) (local.get $y${v}))))`
        : `    (local.set ${acc(r, v)} (f64x2.add (local.get ${acc(r, v)}) (f64x2.mul (local.get $a) (local.get $y${v}))))`);
    }
    out.push(`    (local.set $x${r} (i32.add (local.get $x${r}) (i32.const 8)))`);
  }
  out.push('    (local.set $yp (i32.add (local.get $yp) (local.get $ldy)))');
  out.push('    (br_if $steps (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))');
  for (const r of range(mr)) {
    for (const v of range(lanes)) {
      out.push(scalar
        ? `  (f64.store (local.get $r${r}) (local.get ${acc(r, v)}))`
        : `  (v128.store offset=${16 * v} (local.get $r${r}) (local.get ${acc(r, v)}))`);
    }
  }
  out.push(')');
  return out.join('\n');
}

/** All row tiles of one column strip of width 2·nv (or 1 for nv = 0): mr rows at a time, then single rows. */
function stripFunc(mr, nv) {
  return `(func $strip_${nv} (param $xp i32) (param $yp i32) (param $cp i32) (param $m i32) (param $kk i32) (param $ldx i32) (param $ldy i32) (param $ldc i32) (param $init i32)
  (local $i i32)
  (block $done (loop $rows
    (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const ${mr})) (local.get $m)))
    (call $tile_${mr}_${nv} (local.get $xp) (local.get $yp) (local.get $cp) (local.get $kk) (local.get $ldx) (local.get $ldy) (local.get $ldc) (local.get $init))
    (local.set $xp (i32.add (local.get $xp) (i32.mul (local.get $ldx) (i32.const ${mr}))))
    (local.set $cp (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const ${mr}))))
    (local.set $i (i32.add (local.get $i) (i32.const ${mr})))
    (br $rows)))
  (block $done1 (loop $rows1
    (br_if $done1 (i32.ge_u (local.get $i) (local.get $m)))
    (call $tile_1_${nv} (local.get $xp) (local.get $yp) (local.get $cp) (local.get $kk) (local.get $ldx) (local.get $ldy) (local.get $ldc) (local.get $init))
    (local.set $xp (i32.add (local.get $xp) (local.get $ldx)))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $rows1)))
)`;
}

/**
 * The exported driver: k panels of at most kc steps; per panel, row blocks of at most mc rows; per
 * block, the packed column strips of 2·nv, 2 and 1 columns, each walked down by all row tiles.
 */
function gemmFunc(nv, kc, mc) {
  const strip = (w, fn) => `        (block $done_${w} (loop $cols_${w}
          (br_if $done_${w} (i32.gt_u (i32.add (local.get $j) (i32.const ${w})) (local.get $n)))
          (call ${fn} (local.get $xb) (i32.add (local.get $ys) (i32.mul (local.get $k0) (i32.const ${8 * w})))
            (i32.add (local.get $cb) (i32.shl (local.get $j) (i32.const 3)))
            (local.get $mm) (local.get $kk) (local.get $ldx) (i32.const ${8 * w}) (local.get $ldc) (local.get $init))
          (local.set $ys (i32.add (local.get $ys) (i32.mul (local.get $k) (i32.const ${8 * w}))))
          (local.set $j (i32.add (local.get $j) (i32.const ${w})))
          (br $cols_${w})))`;
  return `(func (export "gemm") (param $x i32) (param $ldx i32) (param $y i32) (param $c i32) (param $ldc i32)
  (param $m i32) (param $k i32) (param $n i32)
  (local $k0 i32) (local $kk i32) (local $ys i32) (local $j i32) (local $init i32)
  (local $i0 i32) (local $mm i32) (local $xb i32) (local $cb i32)
  (block $panels_done (loop $panels
    (br_if $panels_done (i32.ge_u (local.get $k0) (local.get $k)))
    (local.set $kk (select (i32.const ${kc}) (i32.sub (local.get $k) (local.get $k0))
      (i32.lt_u (i32.const ${kc}) (i32.sub (local.get $k) (local.get $k0)))))
    (local.set $init (i32.eqz (local.get $k0)))
    (local.set $i0 (i32.const 0))
    (block $blocks_done (loop $blocks
      (br_if $blocks_done (i32.ge_u (local.get $i0) (local.get $m)))
      (local.set $mm (select (i32.const ${mc}) (i32.sub (local.get $m) (local.get $i0))
        (i32.lt_u (i32.const ${mc}) (i32.sub (local.get $m) (local.get $i0)))))
      (local.set $xb (i32.add (i32.add (local.get $x) (i32.shl (local.get $k0) (i32.const 3))) (i32.mul (local.get $i0) (local.get $ldx))))
      (local.set $cb (i32.add (local.get $c) (i32.mul (local.get $i0) (local.get $ldc))))
      (local.set $j (i32.const 0))
      (local.set $ys (local.get $y))
${[nv > 1 ? strip(2 * nv, `$strip_${nv}`) : '', strip(2, '$strip_1'), strip(1, '$strip_0')].filter(Boolean).join('\n')}
      (local.set $i0 (i32.add (local.get $i0) (local.get $mm)))
      (br $blocks)))
    (local.set $k0 (i32.add (local.get $k0) (local.get $kk)))
    (br $panels)))
)`;
}

/**
 * Where Y[p][j] (k × n) lies in the packed layout, counted in doubles from y: the layout the callers
 * write (src/engine/wasm/simdKernels.ts) and the test checks.
 */
export function packedIndex(p, j, k, n, nv = GEMM_TILE.nv) {
  const w = 2 * nv, wide = Math.floor(n / w) * w;
  if (j < wide) return Math.floor(j / w) * k * w + p * w + (j % w);
  const pairs = Math.floor((n - wide) / 2) * 2;
  if (j < wide + pairs) return wide * k + Math.floor((j - wide) / 2) * k * 2 + p * 2 + ((j - wide) % 2);
  return (wide + pairs) * k + p;
}

/**
 * The largest shared memory, in 64 KB pages (1 GB, the loader's MAX_BYTES): a shared memory must
 * declare its maximum, and the loader creates it with exactly this one.
 */
export const SHARED_MAX_PAGES = 16384;

/**
 * The module's text for a tile of `mr` rows × `nv` vectors and k panels of `kc`. `shared`: the module
 * imports its memory (`env.memory`, shared, at most SHARED_MAX_PAGES pages) instead of exporting its
 * own, so that two threads, each with an instance, run gemm on the same operands (the threads feature).
 */
export function gemmWat({ mr, nv, kc, mc } = GEMM_TILE, { shared = false } = {}) {
  if (!(mr >= 1 && nv >= 1 && kc >= 1 && mc >= mr)) throw new Error('gemmWat: mr, nv, kc ≥ 1 and mc ≥ mr, please');
  const nvs = [...new Set([nv, 1, 0])];
  const mrs = [...new Set([mr, 1])];
  const funcs = [
    ...mrs.flatMap((r) => nvs.map((v) => tileFunc(r, v))),
    ...nvs.map((v) => stripFunc(mr, v)),
    gemmFunc(nv, kc, mc),
  ];
  const memory = shared ? `(import "env" "memory" (memory 1 ${SHARED_MAX_PAGES} shared))` : '(memory (export "memory") 1)';
  return `(module
${memory}
${funcs.join('\n')}
)
`;
}

/** Assembles `gemmWat(tile, options)` with wabt into the module's bytes (SIMD enabled; threads when shared). */
export async function assembleGemm(tile = GEMM_TILE, options = {}) {
  const { default: createWabt } = await import('wabt');
  const wabt = await createWabt();
  const features = { simd: true, threads: Boolean(options.shared) };
  const parsed = wabt.parseWat('gemm.wat', gemmWat(tile, options), features);
  try {
    parsed.resolveNames();
    parsed.validate(features);
    return new Uint8Array(parsed.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
}

/** The TypeScript module that carries the bytes (base64) into every bundle: no file to find at run time. */
export function gemmModuleSource(bytes, sharedBytes, tile = GEMM_TILE) {
  const base64Lines = (b) => (Buffer.from(b).toString('base64').match(/.{1,100}/g) ?? []).map((l) => `  '${l}'`).join(' +\n');
  return `// Generated by \`npm run build\` from scripts/lib/gemm-wat.mjs: do not edit.
// The WebAssembly SIMD matrix product (f64x2), ${bytes.length} bytes, tile ${tile.mr} rows × ${2 * tile.nv} columns,
// k panels of ${tile.kc}, row blocks of ${tile.mc}. test/engine/wasm-kernels.test.ts checks it matches the generator.

/** gemm(x, ldx, y, c, ldc, m, k, n): C = X·Y on byte offsets of the exported memory, Y packed in column strips. */
export const GEMM_WASM_BASE64 =
${base64Lines(bytes)};

/**
 * The same gemm, ${sharedBytes.length} bytes, on an imported shared memory (\`env.memory\`, 1 to ${SHARED_MAX_PAGES} pages, shared):
 * two threads, each with an instance, share its operands (threads feature).
 */
export const GEMM_WASM_SHARED_BASE64 =
${base64Lines(sharedBytes)};

/** The maximum, in 64 KB pages, the shared module's memory must declare. */
export const GEMM_WASM_SHARED_MAX_PAGES = ${SHARED_MAX_PAGES};

/** The register tile the module was generated with. */
export const GEMM_WASM_TILE = { mr: ${tile.mr}, nv: ${tile.nv}, kc: ${tile.kc}, mc: ${tile.mc} } as const;
`;
}

/** Writes src/engine/wasm/gemmModule.ts under `root` when its content changed; returns whether it did. */
export async function writeGemmModule(root) {
  const { readFileSync, writeFileSync, mkdirSync } = await import('node:fs');
  const path = await import('node:path');
  const file = path.join(root, 'src', 'engine', 'wasm', 'gemmModule.ts');
  const source = gemmModuleSource(await assembleGemm(), await assembleGemm(GEMM_TILE, { shared: true }));
  let current = '';
  try { current = readFileSync(file, 'utf8'); } catch { /* first build */ }
  if (current === source) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  return true;
}
