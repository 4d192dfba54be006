/**
 * The training half of an exported Python file: the loss with GradLens's definition and scale
 * (src/engine/losses.ts), the optimiser with the model's settings (src/engine/optimizers.ts), the
 * learning-rate schedule's closed form (src/engine/schedules.ts), GradLens's seeded shuffling
 * (src/engine/rng.ts, so that a shuffled run visits the samples in GradLens's order) and the loop.
 */
import type { LossKind, TrainSpec } from '../../engine/spec';
import { pythonFloat } from './pythonText';

/** Per-sample loss L_n summed over outputs, then the mean over the N samples of the batch. */
const LOSS_BODIES: Readonly<Record<LossKind, { formula: string; body: string }>> = {
  squared: { formula: 'L = (1/N) Σ_n ½ Σ_k (t − o)²', body: 'return 0.5 * ((target - output) ** 2).sum() / output.shape[0]' },
  mse: { formula: 'L = (1/N) Σ_n (1/K) Σ_k (t − o)²  (the mean over all N·K numbers)', body: 'return ((target - output) ** 2 / output.shape[1]).sum() / output.shape[0]' },
  'cross-entropy': {
    formula: 'L = (1/N) Σ_n −Σ_k t ln o  (o: the network\'s output, probabilities; terms with t = 0 count as 0)',
    body: 'return -torch.xlogy(target, output).sum() / output.shape[0]',
  },
  'binary-cross-entropy': {
    formula: 'L = (1/N) Σ_n −Σ_k [t ln o + (1 − t) ln(1 − o)]  (terms with t = 0, resp. t = 1, count as 0)',
    body: 'return -(torch.xlogy(target, output) + torch.xlogy(1 - target, 1 - output)).sum() / output.shape[0]',
  },
};

export function lossFunction(loss: LossKind): string {
  const { formula, body } = LOSS_BODIES[loss];
  return `def loss_fn(output, target):
    """The model's loss, "${loss}", as GradLens defines it (no weight-decay term):
    ${formula}"""
    ${body}
`;
}

function optimizerCall(train: TrainSpec): string {
  const lr = pythonFloat(train.learningRate);
  switch (train.optimizer) {
    case 'sgd': return `torch.optim.SGD(groups, lr=${lr})`;
    case 'momentum': return `torch.optim.SGD(groups, lr=${lr}, momentum=${pythonFloat(train.momentum)})`;
    case 'adam': return `torch.optim.Adam(groups, lr=${lr}, betas=(0.9, 0.999), eps=1e-08)`;
  }
}

export function optimizerFunction(train: TrainSpec, decayed: readonly string[]): string {
  return `def make_optimizer(model):
    """The optimiser "${train.optimizer}" with the model's learning rate; weight decay λ = ${pythonFloat(train.weightDecay)} adds λ·w to the
    gradients of dense and convolution weights only (never biases, batch-norm scale or shift), as
    GradLens does. Frozen parameters (requires_grad False) are left out."""
    decayed = {id(p) for p in [${decayed.join(', ')}]}
    trainable = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in trainable if id(p) in decayed], "weight_decay": WEIGHT_DECAY},
        {"params": [p for p in trainable if id(p) not in decayed], "weight_decay": 0.0},
    ]
    groups = [g for g in groups if g["params"]]
    return ${optimizerCall(train)}
`;
}

export function scheduleFunction(train: TrainSpec): string {
  const s = train.schedule;
  const lr0 = 'LEARNING_RATE';
  const body = !s ? `return ${lr0}`
    : s.type === 'step' ? `return ${lr0} * math.pow(${pythonFloat(s.factor)}, math.floor(epoch / ${s.every}))`
      : s.type === 'exponential' ? `return ${lr0} * math.pow(${pythonFloat(s.gamma)}, epoch)`
        : `return ${pythonFloat(s.min ?? 0)} + 0.5 * (${lr0} - ${pythonFloat(s.min ?? 0)}) * (1 + math.cos((math.pi * epoch) / EPOCHS))`;
  return `def learning_rate(epoch):
    """The learning rate after \`epoch\` completed epochs (schedule: ${s ? s.type : 'none'}), set at the end of each epoch."""
    ${body}
`;
}

/** GradLens's seeded stream, for the same shuffled order: xoshiro128** seeded by cyrb128("<seed>/<stream>"). */
export const GRADLENS_RNG = `_M32 = 0xFFFFFFFF


def _imul(a, b):
    return (a * b) & _M32


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & _M32


def _cyrb128(text):
    h1, h2, h3, h4 = 1779033703, 3144134277, 1013904242, 2773480762
    for ch in text:
        k = ord(ch)
        h1 = h2 ^ _imul(h1 ^ k, 597399067)
        h2 = h3 ^ _imul(h2 ^ k, 2869860233)
        h3 = h4 ^ _imul(h3 ^ k, 951274213)
        h4 = h1 ^ _imul(h4 ^ k, 2716044179)
    h1 = _imul(h3 ^ (h1 >> 18), 597399067)
    h2 = _imul(h4 ^ (h2 >> 22), 2869860233)
    h3 = _imul(h1 ^ (h3 >> 17), 951274213)
    h4 = _imul(h2 ^ (h4 >> 19), 2716044179)
    h1 ^= h2 ^ h3 ^ h4
    h2 ^= h1
    h3 ^= h1
    h4 ^= h1
    return [h1, h2, h3, h4]


class GradLensRng:
    """GradLens's seeded random stream (src/engine/rng.ts), so that shuffling visits the samples in
    the same order as \`gradlens train\`."""

    def __init__(self, seed, stream):
        self.s = _cyrb128(f"{seed}/{stream}")
        if not any(self.s):
            self.s[0] = 0x9E3779B9

    def next_uint32(self):
        a, b, c, d = self.s
        result = _imul(_rotl(_imul(b, 5), 7), 9)
        t = (b << 9) & _M32
        c ^= a
        d ^= b
        b ^= c
        a ^= d
        c ^= t
        d = _rotl(d, 11)
        self.s = [a, b, c, d]
        return result

    def next(self):
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def shuffle(self, order):
        for i in range(len(order) - 1, 0, -1):
            j = math.floor(self.next() * (i + 1))
            order[i], order[j] = order[j], order[i]
        return order
`;

export const TRAINING_LOOP = `def evaluate(model, inputs, targets):
    """The loss of the whole set in evaluation mode (dropout off, batch norm on running statistics)."""
    was_training = model.training
    model.eval()
    with torch.no_grad():
        loss = loss_fn(model(inputs), targets).item()
    model.train(was_training)
    return loss


def train(epochs=EPOCHS, report=print):
    """Trains as \`gradlens train\` does: batches in GradLens's (seeded) order, the schedule at the end
    of each epoch; reports the training loss before training and after each epoch."""
    inputs, targets = load_data()
    model = build_model()
    optimizer = make_optimizer(model)
    n = inputs.shape[0]
    batch = n if BATCH_SIZE is None else min(BATCH_SIZE, n)
    rng = GradLensRng(SEED, "shuffle")
    report(f"epoch 0: loss {evaluate(model, inputs, targets)!r}")
    for epoch in range(epochs):
        order = list(range(n))
        if SHUFFLE:
            rng.shuffle(order)
        for start in range(0, n, batch):
            rows = torch.tensor(order[start:start + batch])
            optimizer.zero_grad()
            loss_fn(model(inputs[rows]), targets[rows]).backward()
            optimizer.step()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(epoch + 1)
        report(f"epoch {epoch + 1}: loss {evaluate(model, inputs, targets)!r}")
    return model
`;
