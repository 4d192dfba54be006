import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MARKDOWN_WEB_INTEGRITY, checkTarballIntegrity } from '../../scripts/lib/markdown-web.mjs';

describe("the e2e web run's Markdown extension tarball", () => {
  const dirs: string[] = [];
  const tarball = (bytes: string): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-markdown-web-'));
    dirs.push(dir);
    const file = path.join(dir, 'package.tgz');
    writeFileSync(file, bytes);
    return file;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is refused with one sentence when its bytes are not the published ones', () => {
    const file = tarball('not the published tarball');
    expect(() => checkTarballIntegrity(file)).toThrowError(
      /^The downloaded package\.tgz is not the published @codingame\/monaco-vscode-markdown-language-features-default-extension@17\.0\.0 \(its sha512 is sha512-.+, expected sha512-VRMnaZW6.+\); delete \.cache\/markdown-web-\* and run again\.$/,
    );
  });

  it('is accepted when its sha512 is the expected integrity', () => {
    const bytes = 'the published tarball';
    const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
    expect(() => checkTarballIntegrity(tarball(bytes), integrity)).not.toThrow();
  });

  it("pins the registry's integrity of version 17.0.0", () => {
    expect(MARKDOWN_WEB_INTEGRITY).toBe('sha512-VRMnaZW6IOm9caEHw0wHG9bAOxMA5LmW3xLMrXtRyqlv48/YWG8GIm+AVddQL4/qkibSljbjDUlVAG+d/6BN/w==');
  });
});
