import { describe, expect, it } from 'vitest';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import { buildHandout, handoutTargets } from '../../src/teaching/handout';
import { compareLosses, trainingCurves } from '../../src/worker/teaching/lossComparison';
import { markdownToHtml } from '../../src/teaching/miniMarkdown';
import { analyse, exampleSession, exampleText, session } from './helpers';

function handoutOf(text: string) {
  const s = session(text);
  const analysis = analyse(s);
  return buildHandout({ analysis, explanations: handoutTargets(analysis).map((t) => explainGradient(analysis, t, { data: s.model.data.train, network: s.currentNetwork })), train: s.model.train });
}

describe('the lecture handout is one self-contained HTML file', () => {
  const s = exampleSession('worked-example.nn.json');
  const analysis = analyse(s);
  const html = buildHandout({
    analysis,
    explanations: handoutTargets(analysis).map((t) => explainGradient(analysis, t)),
    train: s.model.train,
  });

  it('derives w5 and w1 of the worked example with the published numbers', () => {
    expect(handoutTargets(analysis)).toEqual([
      { layerIndex: 1, param: 'weights', index: [0, 0] },
      { layerIndex: 0, param: 'weights', index: [0, 0] },
    ]);
    for (const digits of ['0.74136507', '0.186815602', '0.593269992', '0.082167041', '0.036350306', '0.241300709', '0.000438568', '0.35891648']) {
      expect(html).toContain(digits);
    }
  });

  it('writes the derivations\' formulas as MathML (no KaTeX fonts or CSS needed), each with its screen-reader words', () => {
    const formulas = [...html.matchAll(/<div class="gradlens-math" role="math" aria-label="([^"]+)"><span class="katex"><math display="block">([\s\S]*?)<\/math><\/span><\/div>/g)];
    // Per derivation: the chain rule, ∂L₁/∂out (w5 only: an output unit), ∂out/∂net, ∂net/∂w, ∂L₁/∂w and the mean.
    expect(formulas.length).toBe(11);
    expect(formulas.every(([, words]) => /partial/.test(words))).toBe(true);
    // w5 of the worked example: ∂L₁/∂w = 0.138498562 · 0.593269992 = 0.082167041 (Mazur, 2015).
    const product = formulas.find(([, words]) => words.startsWith('partial L sub 1 over partial w') && words.includes('0.082167041'));
    expect(product?.[2]).toContain('<mn>0.138498562</mn><mo>⋅</mo><mn>0.593269992</mn><mo>=</mo><mn mathvariant="bold">0.082167041</mn>');
    expect(html).not.toContain('class="katex-html"');
    expect(html).not.toContain('gradlens-math"}');
  });

  it('draws the network, the loss and the gradient flow as inline SVG', () => {
    expect(html).toContain('aria-label="network diagram"');
    expect(html).toContain('aria-label="gradient flow"');
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('<table>');
  });

  it('refers to nothing outside itself and runs no script', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import/i);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('plots the loss history once the session has trained', async () => {
    const trained = exampleSession('xor.nn.json');
    await trained.train({ steps: 40 });
    const a = analyse(trained);
    const page = buildHandout({ analysis: a, explanations: [] });
    expect(page).toContain('Loss over 40 training steps');
    expect(page).toContain('<polyline');
  });

  it('adds squared error versus cross-entropy with both curves when asked', async () => {
    const c = exampleSession('squared-vs-cross-entropy.nn.json');
    const curves = await trainingCurves(c.currentNetwork, c.model.data.train, c.model.train, { maxSteps: 20, points: 5 });
    const page = buildHandout({ analysis: analyse(c), explanations: [], comparison: { comparison: compareLosses(c.currentNetwork, c.model.data.train), curves } });
    expect(page).toContain('Squared error versus cross-entropy');
    expect(page).toContain('1.3784');
    expect(page).toContain('Average Σ(t − o)² while training under each loss');
  });
});

describe('the handout escapes every text that comes from the model file', () => {
  it('turns markup in names and custom expressions into text', () => {
    const model = JSON.parse(exampleText('custom-derivative.nn.json').replace(/^\s*\/\/.*$/gm, ''));
    model.name = '<script>alert("x")</script> & <b>bold</b>';
    model.layers[0].name = '<img src=x onerror=alert(1)>';
    model.layers[1].name = '**not bold** `tick` |pipe|';
    const html = handoutOf(JSON.stringify(model));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('**not bold** `tick` |pipe|');
    expect(html).toContain('x / (1 + abs(x))');
  });

  it('converts only the Markdown it writes itself', () => {
    expect(markdownToHtml('# a \\<b\\>\n\n- **x** and `<y>`\n\n| a | b \\| c |\n|---|---|\n| 1 | 2 |')).toBe(
      '<h1>a &lt;b&gt;</h1>\n<ul><li><strong>x</strong> and <code>&lt;y&gt;</code></li></ul>\n<table>\n<thead><tr><th>a</th><th>b | c</th></tr></thead>\n<tbody><tr><td>1</td><td>2</td></tr></tbody>\n</table>',
    );
  });
});
