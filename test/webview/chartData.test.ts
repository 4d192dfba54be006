import { describe, expect, it } from 'vitest';
import { forLog, gradientFlowData, histogramData, lossChartData } from '../../webview/model/chartData';
import { histogram } from '../../webview/model/histogram';
import { seriesFrom } from '../../webview/model/lossSeries';
import { trainingCurve, workedExample } from './fixture';

describe('chart data', () => {
  it('gives the gradient flow per layer: the output layer gets the larger gradients', () => {
    const flow = gradientFlowData(workedExample);
    expect(flow.labels).toEqual(['hidden', 'output']);
    expect(flow.max[1]).toBeCloseTo(0.13849856163, 10);
    expect(flow.mean[0]).toBeLessThan(flow.mean[1]);
  });

  it('leaves out values a log scale cannot draw, but not from a linear one', () => {
    const series = seriesFrom([{ step: 1, epoch: 1, loss: 0 }, { step: 2, epoch: 1, loss: 0.5 }]);
    expect(lossChartData(series, true).loss).toEqual([{ x: 2, y: 0.5 }]);
    expect(lossChartData(series, false).loss).toEqual([{ x: 1, y: 0 }, { x: 2, y: 0.5 }]);
    expect([0, -1, NaN, 1e-9, undefined].map(forLog)).toEqual([null, null, null, 1e-9, null]);
  });

  it('draws the worked example\'s loss falling from 0.298 over 300 steps', () => {
    const data = lossChartData(seriesFrom([...workedExample.history, ...trainingCurve]), true);
    expect(data.loss).toHaveLength(301);
    expect(data.loss[0].y).toBeCloseTo(0.298371109, 9);
    expect(data.loss[300].y).toBeLessThan(0.0015);
  });

  it('bins values, and bins the baseline on the same edges', () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1], 4);
    expect(h.counts).toEqual([2, 0, 1, 2]);
    const both = histogramData([0.5, 0.6], [0, 1], 0, 4);
    expect(both.now).toEqual([0, 0, 2, 0]);
    expect(both.then).toEqual([1, 0, 0, 1]);
    expect(histogramData([0.5, 0.6], [0.5, 0.6], 0).then).toBeUndefined();
  });
});
