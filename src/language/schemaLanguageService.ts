/**
 * The JSON language service (vscode-json-languageservice) configured with `schemas/nn.schema.json`
 * and comments allowed. No `vscode` import: the extension bundles it separately (dist/schemaService.js)
 * and loads it on the first completion or hover, so it costs nothing at activation.
 *
 * Parses are kept per document version: every completion and hover on the same version of a document
 * answers from its last parse (parsing a 10 MB model file takes about a second), and the text is read
 * only when a version has not been parsed yet. A few documents' parses are kept, the most recent.
 */
import { getLanguageService, type CompletionList, type Hover, type JSONDocument, type LanguageService, type Position } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import schema from '../../schemas/nn.schema.json';

const SCHEMA_URI = 'gradlens://schemas/nn.schema.json';

/** Documents whose last parse is kept. */
const KEPT_PARSES = 4;

export interface SchemaService {
  /** `text` is read only when this version of the document was not parsed before. */
  complete(uri: string, version: number, text: () => string, position: Position): PromiseLike<CompletionList | null>;
  hover(uri: string, version: number, text: () => string, position: Position): PromiseLike<Hover | null>;
  /** How many times a document was parsed (tests count them). */
  readonly parses: number;
}

interface Parsed {
  readonly version: number;
  readonly document: TextDocument;
  readonly json: JSONDocument;
}

export function createSchemaService(): SchemaService {
  const service: LanguageService = getLanguageService({});
  service.configure({ allowComments: true, validate: false, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schema as never }] });
  const cache = new Map<string, Parsed>();
  let parses = 0;
  const parsed = (uri: string, version: number, text: () => string): Parsed => {
    const kept = cache.get(uri);
    cache.delete(uri);
    const entry = kept && kept.version === version ? kept : (() => {
      const document = TextDocument.create(uri, 'jsonc', version, text());
      parses++;
      return { version, document, json: service.parseJSONDocument(document) };
    })();
    cache.set(uri, entry);
    while (cache.size > KEPT_PARSES) cache.delete(cache.keys().next().value as string);
    return entry;
  };
  return {
    complete(uri, version, text, position) {
      const p = parsed(uri, version, text);
      return service.doComplete(p.document, position, p.json);
    },
    hover(uri, version, text, position) {
      const p = parsed(uri, version, text);
      return service.doHover(p.document, position, p.json);
    },
    get parses() {
      return parses;
    },
  };
}
