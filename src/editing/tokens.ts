/**
 * The token kinds of jsonc-parser's scanner this folder reads. jsonc-parser declares them as an
 * ambient `const enum SyntaxKind`, which isolated modules cannot import; the values are its own.
 */
export const Token = {
  LineComment: 12,
  BlockComment: 13,
  LineBreak: 14,
  Whitespace: 15,
  EndOfText: 17,
} as const;
