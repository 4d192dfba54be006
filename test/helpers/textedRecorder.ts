/**
 * A step recorder whose stops come with their sentences: the recorder (worker side) answers numbers,
 * the host writes the text (src/teaching/phaseText.ts); tests that read both see what the panel sees.
 */
import { phaseView } from '../../src/teaching/phaseText';
import type { PhaseView, StepRecorder } from '../../src/worker/teaching/stepThrough';

const MOVES = new Set(['view', 'nextPhase', 'previousPhase', 'stepBack', 'stepForward', 'seek']);

export type TextedRecorder = Omit<StepRecorder, 'view' | 'nextPhase' | 'previousPhase' | 'stepBack' | 'stepForward' | 'seek'> & {
  view(): PhaseView | undefined;
  nextPhase(): PhaseView;
  previousPhase(): PhaseView | undefined;
  stepBack(): PhaseView | undefined;
  stepForward(): PhaseView | undefined;
  seek(step: number, stop?: number): PhaseView | undefined;
};

export function texted(recorder: StepRecorder): TextedRecorder {
  return new Proxy(recorder, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && MOVES.has(prop)) {
        return (...args: unknown[]) => {
          const stop = (value as (...a: unknown[]) => Parameters<typeof phaseView>[0] | undefined).apply(target, args);
          return stop && phaseView(stop);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  }) as unknown as TextedRecorder;
}
