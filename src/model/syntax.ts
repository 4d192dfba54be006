/**
 * Syntax errors of the JSON-with-comments text, in words, at jsonc-parser's offsets; and trailing
 * commas, which are accepted with a warning.
 *
 * jsonc-parser recovers after an error and often reports follow-on errors at the next token or two
 * (`{"a": NaN}` gives "invalid symbol" and then "value expected"). Only the first error of such a run
 * is kept: an error is dropped when it starts before the next comma, closing brace or bracket or
 * line break after the previous kept error, or when it is an unclosed-brace/bracket error at the
 * very end of a text that already has an error.
 */
import * as l10n from '@vscode/l10n';
import { createScanner, printParseErrorCode, visit } from 'jsonc-parser';
import * as C from './codes';
import type { Reporter } from './report';

interface RawError {
  readonly code: string;
  readonly offset: number;
  readonly length: number;
  readonly context: 'object' | 'array' | undefined;
}

export interface SyntaxSummary {
  /** Number of syntax errors reported. */
  readonly errors: number;
  /**
   * Where the structure of the text is damaged (an unclosed string or comment, a bracket closed by a
   * brace, ...): the tolerant tree after this offset may not be what the author meant, so other
   * diagnostics there are not trusted. The text length when nothing is damaged.
   */
  readonly damagedFrom: number;
}

/**
 * How deep brackets may nest. A model file needs about six levels; jsonc-parser and the reader recurse
 * once per level, so a text nested thousands deep (`[[[[…`) would exhaust the stack.
 */
export const MAX_NESTING = 256;

/**
 * The offset of the first `{` or `[` nested deeper than {@link MAX_NESTING}, or undefined. Uses
 * jsonc-parser's scanner, which does not recurse (strings and comments are skipped as tokens).
 */
export function tooDeepAt(text: string): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  // Token kinds (jsonc-parser's const enum SyntaxKind): 1 {, 2 }, 3 [, 4 ], 17 end of text.
  for (let token = scanner.scan(); token !== 17; token = scanner.scan()) {
    if (token === 1 || token === 3) {
      if (++depth > MAX_NESTING) return scanner.getTokenOffset();
    } else if ((token === 2 || token === 4) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** Adds syntax errors and trailing-comma warnings to `r`. */
export function checkSyntax(r: Reporter): SyntaxSummary {
  const text = r.text;
  const stack: ('object' | 'array')[] = [];
  const raw: RawError[] = [];
  const trailing: number[] = [];
  let pendingComma = -1;
  visit(text, {
    onObjectBegin: () => { stack.push('object'); pendingComma = -1; },
    onObjectEnd: () => {
      if (pendingComma >= 0) trailing.push(pendingComma);
      stack.pop();
      pendingComma = -1;
    },
    onArrayBegin: () => { stack.push('array'); pendingComma = -1; },
    onArrayEnd: () => {
      if (pendingComma >= 0) trailing.push(pendingComma);
      stack.pop();
      pendingComma = -1;
    },
    onObjectProperty: () => { pendingComma = -1; },
    onLiteralValue: () => { pendingComma = -1; },
    onSeparator: (ch, offset) => { pendingComma = ch === ',' ? offset : -1; },
    onError: (error, offset, length) => {
      raw.push({ code: printParseErrorCode(error), offset, length, context: stack[stack.length - 1] });
      pendingComma = -1;
    },
  }, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });

  let kept = 0;
  let resumeAt = -1;
  let lastEnd = -1;
  let damagedFrom = text.length;
  for (const e of raw) {
    if (kept > 0 && e.offset <= resumeAt) continue;
    if (kept > 0 && e.offset >= text.length && (e.code === 'CloseBraceExpected' || e.code === 'CloseBracketExpected')) continue;
    // A follow-on error right after the previous one (only blanks between) is the same problem.
    if (kept > 0 && FOLLOW_ON.has(e.code) && text.slice(lastEnd, e.offset).trim() === '') continue;
    const length = e.length === 0 && e.offset < text.length && !/[\r\n]/.test(text[e.offset]!) ? 1 : e.length;
    r.error(r.lines.range(e.offset, length), C.SYNTAX_ERROR, message(e, text));
    kept++;
    lastEnd = e.offset + e.length;
    resumeAt = recoveryPoint(text, e.offset + Math.max(e.length, 1));
    if (damages(e, text)) damagedFrom = Math.min(damagedFrom, e.offset);
  }
  for (const offset of trailing) {
    r.warning(r.lines.range(offset, 1), C.TRAILING_COMMA,
      l10n.t('trailing comma before a closing bracket or brace: accepted here, but plain JSON does not allow it'),
      { text: '', title: l10n.t('Remove the trailing comma') });
  }
  return { errors: kept, damagedFrom };
}

const FOLLOW_ON = new Set(['CommaExpected', 'ColonExpected', 'ValueExpected', 'PropertyNameExpected']);

/** Errors after which the tolerant parser's tree no longer follows the author's structure. */
function damages(e: RawError, text: string): boolean {
  switch (e.code) {
    case 'UnexpectedEndOfString': case 'UnexpectedEndOfComment': case 'CloseBraceExpected':
    case 'CloseBracketExpected': case 'EndOfFileExpected':
      return true;
    case 'CommaExpected': case 'ValueExpected': case 'PropertyNameExpected': {
      const c = text[e.offset];
      return c === '}' || c === ']';
    }
    default:
      return false;
  }
}

function recoveryPoint(text: string, from: number): number {
  for (let i = Math.min(from, text.length); i < text.length; i++) {
    const c = text[i];
    if (c === ',' || c === '}' || c === ']' || c === '\n' || c === '\r') return i;
  }
  return text.length;
}

function message(e: RawError, text: string): string {
  const found = text.slice(e.offset, e.offset + e.length);
  switch (e.code) {
    case 'InvalidSymbol': return symbolMessage(found, text, e);
    case 'InvalidNumberFormat': return l10n.t("invalid number '{0}'", found);
    case 'PropertyNameExpected': return l10n.t('expected a property name in double quotes');
    case 'ValueExpected': return e.offset >= text.length
      ? l10n.t('expected a value, but the file ends here')
      : l10n.t('expected a value: a number, a string in double quotes, an array, an object, true, false or null');
    case 'ColonExpected': return l10n.t("expected a colon ':' after the property name");
    case 'CommaExpected': return e.context === 'array'
      ? l10n.t('expected a comma or closing bracket')
      : l10n.t('expected a comma or closing brace');
    case 'CloseBraceExpected': return e.offset >= text.length
      ? l10n.t("expected a closing brace '}', but the file ends here")
      : l10n.t("expected a closing brace '}'");
    case 'CloseBracketExpected': return e.offset >= text.length
      ? l10n.t("expected a closing bracket ']', but the file ends here")
      : l10n.t("expected a closing bracket ']'");
    case 'EndOfFileExpected': return l10n.t('expected the end of the file: the model is one JSON object and nothing may follow it');
    case 'InvalidCommentToken': return l10n.t('invalid comment: use // to the end of the line, or /* ... */');
    case 'UnexpectedEndOfComment': return l10n.t("unclosed block comment: the closing '*/' is missing");
    case 'UnexpectedEndOfString': return l10n.t("unclosed string: the closing double quote is missing");
    case 'UnexpectedEndOfNumber': return l10n.t("incomplete number '{0}'", found);
    case 'InvalidUnicode': return l10n.t('invalid unicode escape: write \\u followed by four hexadecimal digits');
    case 'InvalidEscapeCharacter': return l10n.t('invalid escape in a string: after a backslash write one of " \\ / b f n r t u');
    case 'InvalidCharacter': return l10n.t('invalid character in a string: write line breaks and tabs as \\n and \\t');
    default: return l10n.t('syntax error ({0})', e.code);
  }
}

function symbolMessage(found: string, text: string, e: RawError): string {
  if (found.startsWith("'")) return l10n.t('single quotes are not JSON: write strings and property names in double quotes');
  if (/^[+-]?NaN$/.test(found)) return l10n.t('NaN is not a JSON value: write a finite number');
  if (/^[+-]?Infinity$/.test(found)) return l10n.t('{0} is not a JSON value: write a finite number', found);
  if (/^(True|False|TRUE|FALSE|None|Null|NULL|undefined|nil)$/.test(found)) {
    return l10n.t("'{0}' is not a JSON value: JSON writes true, false and null in lower case", found);
  }
  if (/^[+-]?\.\d/.test(found)) return l10n.t('a number needs a digit before the decimal point: write {0}', found.replace('.', '0.'));
  if (/^\+\d/.test(found)) return l10n.t("a JSON number cannot start with '+': write {0}", found.slice(1));
  if (/^[A-Za-z_$]/.test(found)) {
    const after = text.slice(e.offset + e.length).match(/^\s*(.)/)?.[1];
    if (e.context === 'object' && after === ':') return l10n.t('property names need double quotes: write "{0}"', found);
    return l10n.t("unexpected word '{0}': strings need double quotes", found);
  }
  return l10n.t("unexpected '{0}'", found);
}
