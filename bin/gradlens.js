#!/usr/bin/env node
// The `gradlens` command-line tool in this repository. The bundle is built by `npm install` (the prepare
// script) or `npm run build`; graders install it as its own npm package instead (`npm run package:cli`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('gradlens: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
require(bundle).main(process.argv.slice(2));
