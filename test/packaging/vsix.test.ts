/**
 * Packages the extension the way `npm run package` does (production build + vsce) into a temporary
 * folder and checks what the .vsix holds. Set GRADLENS_VSIX=path to check an existing .vsix instead.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackage, manifest, packageExtension, repoRoot } from '../../scripts/package.mjs';
import { pngSize, readmeImages } from '../../scripts/lib/marketplaceChecks.mjs';
import { listZip, type ZipEntry } from './zip';
import { SHIPPED_FONTS } from '../../scripts/lib/katexAssets.mjs';

const MAX_BYTES = 2 * 1024 * 1024;

/** Manifest keys whose string values name files of the extension. */
const FILE_KEYS = new Set(['main', 'markdown.previewStyles', 'browser', 'icon', 'light', 'dark', 'path', 'url', 'configuration', 'image', 'markdown', 'svg']);

/**
 * Every file the manifest refers to: main, grammars, language configurations, schemas, icons,
 * walkthrough media... (not URLs, codicons like "$(play)" or glob patterns).
 */
function referencedFiles(value: unknown, key = '', into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (FILE_KEYS.has(key) && !/^(\$\(|[a-z][\w+.-]*:)|[*?{]/i.test(value)) into.add(path.posix.normalize(value).replace(/^\.\//, ''));
  } else if (Array.isArray(value)) {
    for (const item of value) referencedFiles(item, key, into);
  } else if (value && typeof value === 'object') {
    for (const [childKey, item] of Object.entries(value)) referencedFiles(item, childKey, into);
  }
  return into;
}

describe('the .vsix package', () => {
  let tmp = '';
  let vsix = '';
  let entries: ZipEntry[] = [];
  let files: string[] = [];
  let vsceOutput = '';

  beforeAll(() => {
    if (process.env.GRADLENS_VSIX) {
      vsix = path.resolve(process.env.GRADLENS_VSIX);
    } else {
      tmp = mkdtempSync(path.join(tmpdir(), 'gradlens-vsix-'));
      vsix = packageExtension({ outFile: path.join(tmp, 'gradlens.vsix'), quiet: true, onVsceOutput: (output) => (vsceOutput = output) });
    }
    entries = listZip(vsix);
    files = entries.map((entry) => entry.name).filter((name) => !name.endsWith('/'));
  }, 180_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('holds no sources, tests, packages, TypeScript or source maps', () => {
    const forbidden = files.filter(
      (name) =>
        /^extension\/(src|test|node_modules|scripts|webview|bench|docs|\.cache|\.ci|\.vscode|artifacts|out)\//.test(name) ||
        /\/node_modules\//.test(name) ||
        /\.(ts|mts|cts|map|vsix)$/.test(name) ||
        /(^|\/)(tsconfig[^/]*\.json|vitest[^/]*|package-lock\.json|\.gitignore|\.vscodeignore)$/.test(name),
    );
    expect(forbidden).toEqual([]);
  });

  it('holds only the bundles, media, schemas, syntaxes, examples and the documents', () => {
    const allowed = [
      /^\[Content_Types\]\.xml$/,
      /^extension\.vsixmanifest$/,
      /^extension\/(package\.json|package\.nls(\.[\w-]+)?\.json|language-configuration\.json)$/,
      /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
      /^extension\/(readme\.md|changelog\.md|security\.md|LICENSE(\.txt)?)$/i,
      /^extension\/dist\/(web\/)?[^/]+\.js$/,
      /^extension\/dist\/ThirdPartyNotices\.txt$/,
      // KaTeX's CSS, script and woff2 fonts only (scripts/lib/katexAssets.mjs), for the Markdown preview and the panel.
      /^extension\/dist\/katex\/(katex\.min\.(css|js)|fonts\/KaTeX_[A-Za-z0-9_-]+\.woff2)$/,
      /^extension\/(media|schemas|syntaxes|examples)\//,
    ];
    expect(files.filter((name) => !allowed.some((pattern) => pattern.test(name)))).toEqual([]);
  });

  it('holds the manifest, the documents and every file the manifest refers to', () => {
    const lower = new Set(files.map((name) => name.toLowerCase()));
    // dist/web/: the web extension (vscode.dev, github.dev) and its analysis worker, a Web Worker.
    const required = ['package.json', 'package.nls.json', 'l10n/bundle.l10n.json', 'readme.md', 'changelog.md', 'dist/extension.js', 'dist/web/extension.js', 'dist/web/worker.js'];
    const { main, browser, icon, contributes } = manifest();
    const referenced = [...referencedFiles({ main, browser, icon, contributes })];
    expect(referenced).toContain('dist/extension.js');
    expect(referenced).toContain('dist/web/extension.js');
    for (const file of [...required, ...referenced]) {
      expect(lower.has(`extension/${file}`.toLowerCase()), `${file} is missing from the .vsix`).toBe(true);
    }
    expect(lower.has('extension/license') || lower.has('extension/license.txt'), 'LICENSE is missing').toBe(true);
  });

  it('holds every example model and its data', () => {
    const examples = readdirSync(path.join(repoRoot, 'examples'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    expect(examples.some((name) => name.endsWith('.nn.json'))).toBe(true);
    for (const example of examples) expect(files, `${example} is missing from the .vsix`).toContain(`extension/${example}`);
  });

  it('holds the PNG icon, 128×128', () => {
    expect(manifest().icon).toBe('media/icon.png');
    expect(files).toContain('extension/media/icon.png');
    expect(pngSize(readFileSync(path.join(repoRoot, 'media/icon.png')))).toEqual({ width: 128, height: 128 });
  });

  it('holds every image the README shows, and the README shows the three screenshots', () => {
    const images = readmeImages(readFileSync(path.join(repoRoot, 'README.md'), 'utf8'));
    expect(images.filter((image) => image.startsWith('media/screenshots/') && image.endsWith('.png'))).toHaveLength(3);
    for (const image of images) expect(files, `${image} is missing from the .vsix`).toContain(`extension/${image}`);
  });

  it('holds a CHANGELOG with an entry for this version', () => {
    const changelog = readFileSync(path.join(repoRoot, 'CHANGELOG.md'), 'utf8');
    expect(files.map((f) => f.toLowerCase())).toContain('extension/changelog.md');
    expect(changelog).toContain(`## [${manifest().version}]`);
  });

  it('holds the third-party notices with the licence of every bundled package', () => {
    expect(files).toContain('extension/dist/ThirdPartyNotices.txt');
    const notices = readFileSync(path.join(repoRoot, 'dist/ThirdPartyNotices.txt'), 'utf8');
    for (const name of ['chart.js', '@kurkle/color', 'jsonc-parser', 'vscode-json-languageservice', 'katex']) {
      expect(notices).toMatch(new RegExp(`^${name.replace('.', '\\.')} \\d+\\.\\d+\\.\\d+ \\(MIT\\)$`, 'm'));
    }
    expect(notices).toContain('Permission is hereby granted');
  });

  it('is packaged by vsce without a warning, and with nothing a marketplace would reject', () => {
    if (!process.env.GRADLENS_VSIX) expect(vsceOutput).not.toMatch(/WARNING|warning/);
    // Only the note for the Visual Studio Marketplace, until a publisher sets "repository" (docs/DEVELOPING.md).
    const findings = checkPackage(vsix);
    expect(findings.filter((finding) => !/^package\.json has no "repository"/.test(finding))).toEqual([]);
    if (!manifest().repository) expect(findings).toHaveLength(1);
  });

  it('ships the KaTeX fonts the formulas use, as woff2 only, and a stylesheet that names exactly those', () => {
    const fonts = files.filter((f) => f.startsWith('extension/dist/katex/fonts/'));
    expect(fonts.map((f) => f.replace(/^.*KaTeX_|\.woff2$/g, '')).sort()).toEqual([...SHIPPED_FONTS].sort());
    const css = readFileSync(path.join(repoRoot, 'dist/katex/katex.min.css'), 'utf8');
    const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]);
    expect(urls.length).toBe(SHIPPED_FONTS.length);
    for (const url of urls) expect(files).toContain(`extension/dist/katex/${url}`);
  });

  it('is smaller than 2 MB', () => {
    const bytes = statSync(vsix).size;
    expect(bytes, `${vsix} is ${(bytes / 1024 / 1024).toFixed(2)} MB`).toBeLessThan(MAX_BYTES);
  });
});
