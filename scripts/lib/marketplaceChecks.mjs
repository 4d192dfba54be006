// What a marketplace (Visual Studio Marketplace, Open VSX) would reject or show broken, checked before
// `npm run package` hands the .vsix over. Each finding is one sentence saying what to change.
// Pure: it reads only what it is given (the manifest, the README's text, a file lister, the .vsix size).

/** The width and height of a PNG from its first bytes, or undefined when it is not a PNG. */
export function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!bytes || bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Image addresses of a Markdown text: ![..](src) and <img src="..">. */
export function readmeImages(markdown) {
  const images = [];
  for (const match of markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) images.push(match[1]);
  for (const match of markdown.matchAll(/<img\s[^>]*src=["']([^"']+)["']/gi)) images.push(match[1]);
  return images;
}

/** Relative link targets of a Markdown text (not images, anchors or absolute addresses). */
export function readmeRelativeLinks(markdown) {
  const links = [];
  for (const match of markdown.matchAll(/(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?\s*\)/g)) {
    if (!/^([a-z][\w+.-]*:|#)/i.test(match[1])) links.push(match[1]);
  }
  return links;
}

/**
 * Findings for a package about to be published.
 * @param {object} input
 * @param {Record<string, any>} input.manifest package.json
 * @param {string} input.readme README.md's text
 * @param {(file: string) => Uint8Array | undefined} input.readFile a file of the extension (undefined: missing)
 * @param {(file: string) => boolean} input.inPackage whether the .vsix holds this file (relative path)
 * @param {number} [input.vsixBytes] the .vsix's size
 * @returns {string[]}
 */
export function marketplaceFindings({ manifest, readme, readFile, inPackage, vsixBytes }) {
  const findings = [];
  const add = (message) => findings.push(message);

  if (!manifest.icon) add('package.json has no "icon": both marketplaces show a blank tile; add a 128×128 PNG.');
  else if (!/\.png$/i.test(manifest.icon)) add(`the icon ${manifest.icon} is not a PNG: vsce and the marketplaces refuse SVG icons.`);
  else {
    const size = pngSize(readFile(manifest.icon));
    if (!size) add(`the icon ${manifest.icon} is missing or not a PNG file.`);
    else if (size.width < 128 || size.height < 128 || size.width !== size.height) add(`the icon ${manifest.icon} is ${size.width}×${size.height}: the marketplaces want a square of at least 128×128.`);
    if (!inPackage(manifest.icon)) add(`the icon ${manifest.icon} is not in the .vsix (check .vscodeignore).`);
  }
  if (!manifest.galleryBanner?.color) add('package.json has no galleryBanner.color: the marketplace page header falls back to grey.');
  if (!manifest.publisher || !/^[a-z0-9][a-z0-9-]*$/i.test(manifest.publisher)) add('package.json needs a "publisher": the id you created on the marketplace.');
  if ((manifest.keywords ?? []).length > 30) add(`package.json has ${manifest.keywords.length} keywords: the Visual Studio Marketplace accepts at most 30.`);
  if (manifest.activationEvents?.includes('*')) add('activation on "*" starts the extension in every window: the marketplace asks for narrower activation events.');
  if (/example\.(invalid|com|org)|localhost/i.test(JSON.stringify([manifest.repository, manifest.homepage, manifest.bugs]))) {
    add('repository, homepage or bugs in package.json point at a placeholder address: set the real ones or leave them out.');
  }

  for (const image of readmeImages(readme)) {
    if (/^http:/i.test(image)) add(`README image ${image} is not HTTPS: the marketplaces refuse it.`);
    if (/\.svg(\?|#|$)/i.test(image) && !/^https:\/\/(img\.shields\.io|badge)/i.test(image)) add(`README image ${image} is an SVG: vsce refuses SVG images from unknown sources; use a PNG.`);
    if (!/^[a-z][\w+.-]*:/i.test(image)) {
      if (!inPackage(image.replace(/^\.\//, ''))) add(`README image ${image} is not in the .vsix: it would be shown broken.`);
    }
  }
  const relativeImages = readmeImages(readme).filter((image) => !/^[a-z][\w+.-]*:/i.test(image));
  if (relativeImages.length > 0 && !manifest.repository) {
    add(`package.json has no "repository", so README's ${relativeImages.length} image(s) keep relative addresses: VS Code and Open VSX show them from the package, the Visual Studio Marketplace does not; set "repository" before publishing there (npm run package then points them at it).`);
  }
  for (const link of readmeRelativeLinks(readme)) {
    const file = link.replace(/^\.\//, '').replace(/#.*$/, '');
    if (!inPackage(file)) add(`README links to ${link}, which is not in the .vsix: the link would be dead on the marketplace page.`);
  }
  if (!readFile('CHANGELOG.md') || !new TextDecoder().decode(readFile('CHANGELOG.md')).includes(`[${manifest.version}]`)) {
    add(`CHANGELOG.md has no entry for version ${manifest.version}.`);
  }
  if (!inPackage('dist/ThirdPartyNotices.txt')) add('the .vsix has no dist/ThirdPartyNotices.txt: the licences of the bundled packages must travel with them.');
  if (!inPackage('LICENSE') && !inPackage('LICENSE.txt') && !inPackage('LICENSE.md')) add('the .vsix has no LICENSE file.');
  if (vsixBytes !== undefined && vsixBytes > 2 * 1024 * 1024) add(`the .vsix is ${(vsixBytes / 1024 / 1024).toFixed(2)} MB: GradLens's budget is 2 MB.`);
  return findings;
}
