/**
 * The JSON language service (vscode-json-languageservice) configured with `schemas/nn.schema.json`
 * and comments allowed. No `vscode` import: the extension bundles it separately (dist/schemaService.js)
 * and loads it on the first completion or hover, so it costs nothing at activation.
 */
import { getLanguageService, type CompletionList, type Hover, type LanguageService, type Position } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import schema from '../../schemas/nn.schema.json';

const SCHEMA_URI = 'gradlens://schemas/nn.schema.json';

export interface SchemaService {
  complete(uri: string, version: number, text: string, position: Position): PromiseLike<CompletionList | null>;
  hover(uri: string, version: number, text: string, position: Position): PromiseLike<Hover | null>;
}

export function createSchemaService(): SchemaService {
  const service: LanguageService = getLanguageService({});
  service.configure({ allowComments: true, validate: false, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schema as never }] });
  const document = (uri: string, version: number, text: string) => TextDocument.create(uri, 'jsonc', version, text);
  return {
    complete(uri, version, text, position) {
      const d = document(uri, version, text);
      return service.doComplete(d, position, service.parseJSONDocument(d));
    },
    hover(uri, version, text, position) {
      const d = document(uri, version, text);
      return service.doHover(d, position, service.parseJSONDocument(d));
    },
  };
}
