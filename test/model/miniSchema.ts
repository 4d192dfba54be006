/**
 * A tiny JSON Schema (draft-07) checker for exactly the subset schemas/nn.schema.json uses, so the
 * tests can hold schema and parser in agreement without a dependency. An unknown validation keyword
 * is an error (so the schema cannot silently grow beyond what is checked here).
 */

export type Schema = { readonly [key: string]: unknown };

/** Keywords that only annotate (hover text, completion), never validate. */
const ANNOTATIONS = new Set([
  '$schema', '$id', 'title', 'description', 'markdownDescription', 'markdownEnumDescriptions', 'defaultSnippets',
  'default', 'examples',
]);
const VALIDATION = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'enum', 'items', 'minItems', 'maxItems', 'minLength',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'anyOf', 'oneOf',
]);

export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'array': return Array.isArray(v);
    case 'object': return typeOf(v) === 'object';
    case 'null': return v === null;
    default: return typeof v === t;
  }
}

/** Every violation of `schema` by `value` (empty when valid). */
export function validate(schema: Schema, value: unknown, path = '$'): SchemaError[] {
  const errors: SchemaError[] = [];
  for (const key of Object.keys(schema)) {
    if (!ANNOTATIONS.has(key) && !VALIDATION.has(key)) throw new Error(`miniSchema: unsupported keyword '${key}' at ${path}`);
  }
  const fail = (message: string) => errors.push({ path, message });

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) {
      fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return errors;
    }
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => e === value)) fail(`not one of ${JSON.stringify(schema.enum)}`);

  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`below minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`above maximum ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail(`not below ${schema.exclusiveMaximum}`);
  }
  if (typeof value === 'string' && typeof schema.minLength === 'number' && value.length < schema.minLength) fail('too short');

  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    if (schema.items !== undefined) {
      value.forEach((item, i) => errors.push(...validate(schema.items as Schema, item, `${path}[${i}]`)));
    }
  }

  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in obj)) fail(`missing required '${key}'`);
    for (const [key, v] of Object.entries(obj)) {
      if (key in props) errors.push(...validate(props[key]!, v, `${path}.${key}`));
      else if (schema.additionalProperties === false) fail(`'${key}' is not allowed`);
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(...validate(schema.additionalProperties as Schema, v, `${path}.${key}`));
      }
    }
  }

  if (schema.anyOf !== undefined) {
    const branches = (schema.anyOf as Schema[]).map((s) => validate(s, value, path));
    if (!branches.some((b) => b.length === 0)) fail(`matches none of anyOf: ${branches.map((b) => b[0]?.message).join(' | ')}`);
  }
  if (schema.oneOf !== undefined) {
    const ok = (schema.oneOf as Schema[]).filter((s) => validate(s, value, path).length === 0).length;
    if (ok !== 1) fail(`matches ${ok} of oneOf, not exactly 1`);
  }
  return errors;
}

/** Every object schema with `properties` in the tree, with its path: for checks on descriptions. */
export function propertySchemas(schema: Schema, path = '$'): { path: string; key: string; schema: Schema }[] {
  const out: { path: string; key: string; schema: Schema }[] = [];
  const props = schema.properties as Record<string, Schema> | undefined;
  if (props) {
    for (const [key, s] of Object.entries(props)) {
      out.push({ path, key, schema: s });
      out.push(...propertySchemas(s, `${path}.${key}`));
    }
  }
  if (schema.items) out.push(...propertySchemas(schema.items as Schema, `${path}[]`));
  for (const k of ['anyOf', 'oneOf'] as const) {
    ((schema[k] ?? []) as Schema[]).forEach((s, i) => out.push(...propertySchemas(s, `${path}<${k}${i}>`)));
  }
  return out;
}
