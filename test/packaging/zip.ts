/** The zip reader lives with the packaging script (scripts/lib/zip.mjs); the tests use the same one. */
export { listZip, type ZipEntry } from '../../scripts/lib/zip.mjs';
