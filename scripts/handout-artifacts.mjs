#!/usr/bin/env node
// Lecture handouts of examples, for looking at (not part of the build or the tests):
//   node scripts/handout-artifacts.mjs [folder] [example.nn.json[:steps|:file] …]
// writes <folder>/<example>.handout.html (default artifacts/handout: conv-net after one epoch, xor trained) and
// screenshots of each (<example>.handout.<k>.png, one per screenful), rendered by Chromium (/usr/bin/chromium, through playwright-core).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [folder = 'artifacts/handout', ...names] = process.argv.slice(2);
const examples = names.length ? names : ['conv-net.nn.json:45', 'xor.nn.json:file'];
const bundle = path.join(mkdtempSync(path.join(tmpdir(), 'handout-')), 'handoutArtifacts.cjs');
await build({ entryPoints: ['scripts/lib/handoutArtifacts.ts'], bundle: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], outfile: bundle, logLevel: 'error' });
execFileSync(process.execPath, [bundle, folder, ...examples], { stdio: 'inherit' });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.handout.html'))) {
    await page.goto(pathToFileURL(path.resolve(folder, file)).href);
    // One screenshot per screenful (a whole handout in one picture is too tall to read).
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, k = 1; y < height; y += 1200, k++) {
      const shot = path.join(folder, file.replace(/\.html$/, `.${k}.png`));
      await page.screenshot({ path: shot, fullPage: true, clip: { x: 0, y, width: 1100, height: Math.min(1200, height - y) } });
      console.log(shot);
    }
  }
} finally {
  await browser.close();
}
