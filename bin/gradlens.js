#!/usr/bin/env node
// The `gradlens` command-line tool. The bundle is built by `npm install` (the prepare script) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('gradlens: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
require(bundle)
  .runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTerminal: process.stderr.isTTY === true,
  })
  .then((code) => { process.exitCode = code; });
