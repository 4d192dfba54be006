/** npm run package warns about what a marketplace would reject or show broken; each check fires on its own case. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { marketplaceFindings, pngSize, readmeImages, readmeRelativeLinks } from '../../scripts/lib/marketplaceChecks.mjs';
import { readmeLinkArgs } from '../../scripts/package.mjs';

const icon = readFileSync(path.resolve(__dirname, '../../media/icon.png'));
const changelog = new TextEncoder().encode('## [1.0.0]\n');
const good = {
  manifest: { publisher: 'gradlens', version: '1.0.0', icon: 'media/icon.png', galleryBanner: { color: '#123456' }, keywords: ['a'], activationEvents: ['onLanguage:nnjson'] },
  readme: '# X\n\n![shot](media/screenshots/a.png)\n',
  readFile: (file: string) => (file === 'media/icon.png' ? icon : file === 'CHANGELOG.md' ? changelog : undefined),
  inPackage: (file: string) => ['media/icon.png', 'media/screenshots/a.png', 'dist/ThirdPartyNotices.txt', 'LICENSE', 'CHANGELOG.md'].includes(file),
  vsixBytes: 500_000,
};
const only = (finding: RegExp) => expect.arrayContaining([expect.stringMatching(finding)]);

describe('the marketplace checks', () => {
  it('read a PNG\'s size and a README\'s images and relative links', () => {
    expect(pngSize(icon)).toEqual({ width: 128, height: 128 });
    expect(pngSize(new TextEncoder().encode('<svg/>'))).toBeUndefined();
    expect(readmeImages('![a](media/a.png) <img src="https://x/b.png"> [c](docs/c.md)')).toEqual(['media/a.png', 'https://x/b.png']);
    expect(readmeRelativeLinks('[c](docs/c.md) [d](https://x) [e](#top) ![a](media/a.png)')).toEqual(['docs/c.md']);
  });

  it('find only the missing repository note for a good package without a repository', () => {
    expect(marketplaceFindings(good)).toEqual([expect.stringMatching(/^package\.json has no "repository", so README.s 1 image\(s\).*Visual Studio Marketplace/)]);
    expect(marketplaceFindings({ ...good, manifest: { ...good.manifest, repository: { url: 'https://github.com/o/gradlens' } } })).toEqual([]);
  });

  it('flag an SVG icon, a missing icon, and a small one', () => {
    expect(marketplaceFindings({ ...good, manifest: { ...good.manifest, icon: 'media/icon.svg' } })).toEqual(only(/not a PNG/));
    expect(marketplaceFindings({ ...good, manifest: { ...good.manifest, icon: undefined } })).toEqual(only(/no "icon"/));
    const small = Uint8Array.from(icon);
    new DataView(small.buffer).setUint32(16, 64);
    new DataView(small.buffer).setUint32(20, 64);
    expect(marketplaceFindings({ ...good, readFile: (f: string) => (f === 'media/icon.png' ? small : good.readFile(f)) })).toEqual(only(/64×64/));
  });

  it('flag README images that are SVG, plain HTTP or not in the package, and links to files not in it', () => {
    const readme = '![a](https://x.org/a.svg) ![b](http://x.org/b.png) ![c](media/missing.png) [d](docs/DEVELOPING.md)';
    const findings = marketplaceFindings({ ...good, readme });
    expect(findings).toEqual(only(/a\.svg is an SVG/));
    expect(findings).toEqual(only(/b\.png is not HTTPS/));
    expect(findings).toEqual(only(/missing\.png is not in the \.vsix/));
    expect(findings).toEqual(only(/links to docs\/DEVELOPING\.md/));
  });

  it('flag a placeholder repository, too many keywords, activation on *, no changelog entry, no notices, a big package', () => {
    const findings = marketplaceFindings({
      ...good,
      manifest: { ...good.manifest, version: '2.0.0', repository: { url: 'https://example.invalid/x.git' }, keywords: Array(31).fill('k'), activationEvents: ['*'] },
      inPackage: (file: string) => file !== 'dist/ThirdPartyNotices.txt' && good.inPackage(file),
      vsixBytes: 3 * 1024 * 1024,
    });
    for (const pattern of [/placeholder/, /31 keywords/, /"\*"/, /no entry for version 2\.0\.0/, /ThirdPartyNotices/, /3\.00 MB/]) expect(findings).toEqual(only(pattern));
  });
});

describe('README links when packaging', () => {
  it('stay relative (shown from the package) without a repository, and point at the repository when a publisher sets one', () => {
    expect(readmeLinkArgs(undefined)).toEqual(['--allow-missing-repository', '--no-rewrite-relative-links']);
    expect(readmeLinkArgs({ type: 'git', url: 'git+https://github.com/o/gradlens.git' })).toEqual([
      '--baseContentUrl', 'https://github.com/o/gradlens/blob/HEAD/', '--baseImagesUrl', 'https://github.com/o/gradlens/raw/HEAD/',
    ]);
  });
});
