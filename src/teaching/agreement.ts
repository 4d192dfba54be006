/** Relative difference under which a chain-rule derivation and the engine's gradient agree (no engine import: the pages state it). */
export const AGREEMENT_TOLERANCE = 1e-12;
