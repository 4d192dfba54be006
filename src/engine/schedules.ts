/**
 * Learning-rate schedules of model file 1.1, applied at the end of each epoch as PyTorch's
 * schedulers stepped once per epoch. With lr₀ the configured rate and e the number of epochs done:
 * - `step`:        lr_e = lr₀·factor^floor(e / every)            (StepLR)
 * - `exponential`: lr_e = lr₀·gamma^e                           (ExponentialLR)
 * - `cosine`:      lr_e = min + ½(lr₀ − min)(1 + cos(π·e/epochs)), min default 0
 *                  (CosineAnnealingLR with T_max = epochs; its closed form)
 */

export type ScheduleSpec =
  | { readonly type: 'step'; readonly every: number; readonly factor: number }
  | { readonly type: 'exponential'; readonly gamma: number }
  | { readonly type: 'cosine'; readonly min?: number };

/** The learning rate after `epoch` completed epochs of `epochs` (the cosine schedule's period). */
export function scheduledLearningRate(schedule: ScheduleSpec | undefined, lr0: number, epoch: number, epochs: number): number {
  if (!schedule) return lr0;
  switch (schedule.type) {
    case 'step':
      if (!(Number.isInteger(schedule.every) && schedule.every >= 1)) throw new Error(`schedule "step": every must be an integer >= 1, got ${schedule.every}`);
      return lr0 * Math.pow(schedule.factor, Math.floor(epoch / schedule.every));
    case 'exponential':
      return lr0 * Math.pow(schedule.gamma, epoch);
    case 'cosine': {
      const min = schedule.min ?? 0;
      if (!(epochs >= 1)) throw new Error(`schedule "cosine" needs epochs >= 1, got ${epochs}`);
      return min + 0.5 * (lr0 - min) * (1 + Math.cos((Math.PI * epoch) / epochs));
    }
    default:
      throw new Error(`unknown schedule '${String((schedule as { type: unknown }).type)}'`);
  }
}
