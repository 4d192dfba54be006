import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, test } from 'vitest';
import {
  BUILTIN_ACTIVATIONS, INIT_NAMES, LAYER_KEYS, LOSSES, NORMALIZE_KINDS, OPTIMIZERS, TOP_LEVEL_KEYS, TRAIN_KEYS,
} from '../../src/model';
import * as C from '../../src/model/codes';
import { ALL_LAYER_KEYS, LAYER_TYPES_V1_1 } from '../../src/model/layers/layerKeys';
import { SCHEDULE_KEYS, SCHEDULE_TYPES } from '../../src/model/layers/trainingKeys';
import { CSV_DATA_KEYS, INLINE_DATA_KEYS } from '../../src/model/data';
import { EXAMPLES, expectationOf, FIXTURES, modelFiles, parseFile, ROOT, show } from './helpers';
import { propertySchemas, validate, type Schema } from './miniSchema';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/nn.schema.json'), 'utf8')) as Schema;

/** The file's JSON value (comments and trailing commas allowed), or undefined on a syntax error. */
function jsonValue(file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(readFileSync(file, 'utf8'), errors, { allowTrailingComma: true });
  return errors.length === 0 ? value : undefined;
}

const name = (f: string) => basename(f);
const valid = [...modelFiles(join(FIXTURES, 'valid')), ...modelFiles(EXAMPLES)];
const withWarnings = modelFiles(join(FIXTURES, 'valid/with-warnings'));
const malformed = modelFiles(join(FIXTURES, 'malformed'));
const rejects = (f: string) => expectationOf(readFileSync(f, 'utf8')).schemaRejects;

/** Problems a JSON schema can see: the structure and the closed lists. */
const STRUCTURAL = new Set<string>([
  C.WRONG_TYPE, C.MISSING_KEY, C.UNKNOWN_ACTIVATION, C.UNKNOWN_LOSS, C.UNKNOWN_OPTIMIZER, C.UNKNOWN_INIT, C.CONFLICTING_KEYS,
]);

describe('the JSON schema', () => {
  test('is draft-07 and describes every key for hover', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const props = propertySchemas(schema);
    expect(props.length).toBeGreaterThanOrEqual(35);
    for (const p of props) {
      expect(typeof p.schema.markdownDescription, `${p.path}.${p.key} has no markdownDescription`).toBe('string');
    }
  });

  test('lists the same keys and names as the parser', () => {
    const top = schema.properties as Record<string, Schema>;
    expect(Object.keys(top).sort()).toEqual([...TOP_LEVEL_KEYS].sort());
    const layer = (top.layers!.items as Schema).properties as Record<string, Schema>;
    // Every layer type's keys (model file 1.1), which include version 1's dense keys.
    expect(Object.keys(layer).sort()).toEqual([...ALL_LAYER_KEYS].sort());
    for (const key of LAYER_KEYS) expect(ALL_LAYER_KEYS).toContain(key);
    expect((layer.type!).enum).toEqual([...LAYER_TYPES_V1_1]);
    const schedule = (top.train!.properties as Record<string, Schema>).schedule!;
    expect(Object.keys(schedule.properties as object).sort()).toEqual([...SCHEDULE_KEYS].sort());
    expect(((schedule.properties as Record<string, Schema>).type!).enum).toEqual([...SCHEDULE_TYPES]);
    expect(Object.keys((top.train!.properties as Record<string, Schema>)).sort()).toEqual([...TRAIN_KEYS].sort());
    const [inline, csv] = top.data!.anyOf as Schema[];
    expect(Object.keys(inline!.properties as object).sort()).toEqual([...INLINE_DATA_KEYS].sort());
    expect(Object.keys(csv!.properties as object).sort()).toEqual([...CSV_DATA_KEYS].sort());
    expect(top.loss!.enum).toEqual([...LOSSES]);
    expect(((top.train!.properties as Record<string, Schema>).optimizer!).enum).toEqual([...OPTIMIZERS]);
    expect(((layer.activation!.anyOf as Schema[])[0]!).enum).toEqual([...BUILTIN_ACTIVATIONS]);
    expect(((top.init!.anyOf as Schema[])[0]!).enum).toEqual([...INIT_NAMES]);
    expect(((csv!.properties as Record<string, Schema>).normalize!).enum).toEqual([...NORMALIZE_KINDS]);
    expect(schema.required).toEqual(['inputs', 'layers', 'loss', 'data']);
  });

  test('closes every object the spec closes', () => {
    const top = schema.properties as Record<string, Schema>;
    expect(schema.additionalProperties).toBe(false);
    expect((top.layers!.items as Schema).additionalProperties).toBe(false);
    expect(top.train!.additionalProperties).toBe(false);
    for (const branch of top.data!.anyOf as Schema[]) expect(branch.additionalProperties).toBe(false);
  });
});

describe('schema and parser agree', () => {
  test.each(valid.map((f) => [name(f), f]))('%s: both accept it', (_n, file) => {
    expect(parseFile(file).model).toBeDefined();
    expect(validate(schema, jsonValue(file))).toEqual([]);
  });

  test.each(withWarnings.map((f) => [name(f), f]))('%s: the parser gives a model; the schema rejects only unknown keys', (_n, file) => {
    const r = parseFile(file);
    expect(r.model).toBeDefined();
    const schemaErrors = validate(schema, jsonValue(file));
    if (rejects(file)) {
      expect(schemaErrors.map((e) => e.message).join('; ')).toMatch(/is not allowed/);
      expect(r.diagnostics.some((d) => d.code === C.UNKNOWN_KEY)).toBe(true);
    } else {
      expect(schemaErrors).toEqual([]);
    }
  });

  const structural = malformed.filter(rejects);

  test('at least 40 structurally invalid files are listed for both to reject', () => {
    expect(structural.length).toBeGreaterThanOrEqual(40);
  });

  test.each(structural.map((f) => [name(f), f]))('%s: both reject it', (_n, file) => {
    const r = parseFile(file);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const value = jsonValue(file);
    expect(value, 'a structural fixture must be syntactically valid').toBeDefined();
    expect(validate(schema, value).length, 'the schema accepts it').toBeGreaterThan(0);
  });

  test('every syntactically valid malformed file with a structural problem is on that list', () => {
    const missing = malformed.filter((f) => {
      const e = expectationOf(readFileSync(f, 'utf8'));
      // A schema without conditionals cannot see what depends on a layer's "type" (model file 1.1): such fixtures say so.
      const unseen = /\/\/ *schema: cannot see/.test(readFileSync(f, 'utf8'));
      return STRUCTURAL.has(e.code) && jsonValue(f) !== undefined && !e.schemaRejects && !unseen;
    });
    expect(missing.map(name)).toEqual([]);
  });

  test('files with problems a schema cannot see (shapes, CSV, expressions) pass the schema but not the parser', () => {
    const semantic = malformed.filter((f) => {
      const e = expectationOf(readFileSync(f, 'utf8'));
      return [C.SHAPE_MISMATCH, C.CSV_ERROR, C.INVALID_EXPRESSION, C.NO_DERIVATIVE].includes(e.code as never);
    });
    expect(semantic.length).toBeGreaterThan(20);
    for (const f of semantic) {
      const r = parseFile(f);
      expect(r.diagnostics.filter((d) => d.severity === 'error').map(show).length, name(f)).toBeGreaterThan(0);
      expect(validate(schema, jsonValue(f)), name(f)).toEqual([]);
    }
  });
});

describe('the tiny schema checker used here', () => {
  test('refuses keywords it does not implement', () => {
    expect(() => validate({ pattern: '^a' }, 'a')).toThrow(/unsupported keyword 'pattern'/);
  });

  test('implements the keywords it claims', () => {
    const s: Schema = {
      type: 'object', required: ['n'], additionalProperties: false,
      properties: { n: { type: 'integer', minimum: 1 }, k: { anyOf: [{ type: 'string', enum: ['a'] }, { type: 'array', items: { type: 'number' }, minItems: 2 }] } },
    };
    expect(validate(s, { n: 1, k: 'a' })).toEqual([]);
    expect(validate(s, { n: 1, k: [1, 2] })).toEqual([]);
    expect(validate(s, { n: 0 }).length).toBe(1);
    expect(validate(s, { n: 1.5 }).length).toBe(1);
    expect(validate(s, { n: 1, k: 'b' }).length).toBe(1);
    expect(validate(s, { n: 1, k: [1] }).length).toBe(1);
    expect(validate(s, { n: 1, x: 1 }).length).toBe(1);
    expect(validate(s, {}).length).toBe(1);
  });
});
