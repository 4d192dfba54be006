#!/usr/bin/env python3
"""Writes the ONNX import fixtures in test/fixtures/onnx/ from the real thing: PyTorch.

For each architecture below and each opset (11, 13, 17) it builds a seeded random nn.Sequential, exports
it with torch.onnx.export (float32 or float64 weights, alternating), and writes:
  NAME.onnx   the exported graph (evaluation mode, do_constant_folding=False so BatchNormalization stays a
              node instead of being folded into the convolution before it; Dropout, an identity in
              evaluation mode, is left out by the exporter)
  NAME.csv    the data: one column per input feature (C-major for images), then the target column y
              (numbers for regression, class numbers or text labels for classification)
  NAME.json   what PyTorch computes in float64 on that data: the loss and every parameter's value and
              gradient, in training mode (batch norm on the batch's statistics) with dropout off (as the
              imported model, which has no dropout layer), the loss defined as GradLens defines it
              (docs/spec/model-file-v1.md), and the command-line options the import needs

Run with Debian's PyTorch (apt-get install python3-torch): /usr/bin/python3 scripts/onnx-fixtures/make_fixtures.py
With --lenet it writes test/fixtures/lenet/ instead: a LeNet-5 style network trained on the 8x8 digits (see lenet()).
The output is deterministic for one PyTorch version (seeded); test/onnx/fixtures.test.ts checks GradLens
against it. Keep the folder small (all fixtures together are far under 2 MB).
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'onnx')
OPSETS = (11, 13, 17)
N_FLAT = 8
N_IMAGE = 5


def architectures():
    """(name, input shape per sample, builder, target kind, loss, extra CLI options)."""
    return [
        ('dense-relu-mse', [4], lambda: nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 1)), 'number', 'mse', []),
        ('dense-tanh-softmax', [4], lambda: nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3), nn.Softmax(dim=1)), 'class', 'cross-entropy', []),
        ('dense-logits-text-labels', [4], lambda: nn.Sequential(nn.Linear(4, 5), nn.Sigmoid(), nn.Linear(5, 5), nn.LeakyReLU(), nn.Linear(5, 3)), 'text', 'cross-entropy', []),
        ('dense-dropout-logsoftmax', [4], lambda: nn.Sequential(nn.Flatten(), nn.Linear(4, 5), nn.Dropout(0.2), nn.ReLU(), nn.Identity(), nn.Linear(5, 3), nn.LogSoftmax(dim=1)), 'class', 'cross-entropy', []),
        ('dense-sigmoid-bce', [4], lambda: nn.Sequential(nn.Linear(4, 4, bias=False), nn.Sigmoid(), nn.Linear(4, 2), nn.Sigmoid()), 'class', 'binary-cross-entropy', ['--loss', 'binary-cross-entropy']),
        ('dense-two-activations', [4], lambda: nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Tanh(), nn.Linear(3, 1)), 'number', 'mse', []),
        ('batchnorm1d', [4], lambda: nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 1)), 'number', 'mse', []),
        ('conv-maxpool', [1, 6, 6], lambda: nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(18, 3)), 'class', 'cross-entropy', []),
        ('conv-batchnorm-avgpool', [2, 5, 5], lambda: nn.Sequential(nn.Conv2d(2, 3, 3, stride=2), nn.BatchNorm2d(3), nn.Tanh(), nn.AvgPool2d(2, stride=1), nn.Flatten(), nn.Linear(3, 1)), 'number', 'mse', []),
        ('conv-rect-avgpool-padded', [1, 6, 5], lambda: nn.Sequential(nn.Conv2d(1, 2, (3, 2)), nn.Sigmoid(), nn.AvgPool2d(2, padding=1), nn.Flatten(), nn.Linear(18, 2), nn.Softmax(dim=1)), 'class', 'cross-entropy', []),
        ('maxpool-first-conv', [1, 6, 6], lambda: nn.Sequential(nn.MaxPool2d(3, stride=2, padding=1), nn.Conv2d(1, 2, 2), nn.LeakyReLU(), nn.Flatten(), nn.Linear(8, 2), nn.LogSoftmax(dim=1)), 'class', 'cross-entropy', []),
    ]


def nested(t):
    return t.detach().double().tolist()


def gradlens_loss(kind, out, onehot, ends_in_log_softmax, logits):
    n = out.shape[0]
    if kind == 'mse':
        return ((onehot - out) ** 2).mean()
    if kind == 'binary-cross-entropy':
        return -(onehot * torch.log(out) + (1 - onehot) * torch.log(1 - out)).sum() / n
    if ends_in_log_softmax:
        return -(onehot * out).sum() / n          # NLLLoss on log-probabilities
    if logits:
        return -(onehot * F.log_softmax(out, dim=1)).sum() / n   # CrossEntropyLoss on logits
    return -(onehot * torch.log(out)).sum() / n    # softmax outputs


def make(index, arch, opset):
    name, shape, build, target_kind, loss, options = arch
    dtype = torch.float32 if index % 2 == 0 else torch.float64
    seed = 1000 * opset + index
    torch.manual_seed(seed)
    model = build()
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
    model = model.to(dtype)
    n = N_IMAGE if len(shape) == 3 else N_FLAT
    features = 1
    for d in shape:
        features *= d
    g = torch.Generator().manual_seed(seed + 1)
    x = torch.rand(n, features, generator=g, dtype=torch.float64) * 2 - 1
    model.eval()
    tag = f'{name}-opset{opset}-{"f32" if dtype == torch.float32 else "f64"}'
    path = os.path.join(OUT, tag)
    torch.onnx.export(model, torch.zeros(1, *shape, dtype=dtype), path + '.onnx', opset_version=opset,
                      do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=['input'], output_names=['output'])

    # The running statistics the file holds (the training-mode passes below update the module's).
    buffers = {bn: nested(b) for bn, b in model.named_buffers() if 'running' in bn}
    # The float64 network PyTorch differentiates: the same weights (float32 values are exact in float64).
    net = model.double()
    net.train()
    for m in net.modules():
        if isinstance(m, nn.Dropout):
            m.eval()
    k = net(x.reshape(n, *shape)).shape[1]
    if target_kind == 'number':
        y = torch.rand(n, 1, generator=g, dtype=torch.float64)
        onehot = y
        cells = [repr(v) for v in y[:, 0].tolist()]
    else:
        labels = [i % k for i in range(n)]
        perm = torch.randperm(n, generator=g).tolist()
        labels = [labels[i] for i in perm]
        onehot = torch.zeros(n, k, dtype=torch.float64)
        if target_kind == 'text':
            # Text labels are one-hot in order of first appearance: name them so that order is 0, 1, 2...
            order = list(dict.fromkeys(labels))
            words = ['cat', 'dog', 'fox', 'owl', 'yak']
            names = {c: words[order.index(c)] for c in order}
            labels = [order.index(c) for c in labels]
            cells = [names[order[c]] for c in labels]
        else:
            cells = [str(c) for c in labels]
        for i, c in enumerate(labels):
            onehot[i, c] = 1.0
    out = net(x.reshape(n, *shape))
    last = list(net.children())[-1]
    ends_log = isinstance(last, nn.LogSoftmax)
    logits = isinstance(last, nn.Linear)
    value = gradlens_loss(loss, out, onehot, ends_log, logits)
    net.zero_grad()
    value.backward()
    params = {pn: {'value': nested(p), 'grad': nested(p.grad)} for pn, p in net.named_parameters()}
    with open(path + '.csv', 'w') as f:
        f.write(','.join([f'x{j}' for j in range(features)] + ['y']) + '\n')
        for i in range(n):
            f.write(','.join([repr(v) for v in x[i].tolist()] + [cells[i]]) + '\n')
    fixture = {
        'name': tag, 'architecture': name, 'opset': opset, 'weights': 'float32' if dtype == torch.float32 else 'float64',
        'torch': torch.__version__, 'modules': [repr(m) for m in net.children()], 'inputShape': shape,
        'importOptions': options, 'loss': loss, 'lossValue': value.item(),
        'inputs': x.tolist(), 'targets': onehot.tolist(), 'parameters': params, 'buffers': buffers,
    }
    with open(path + '.json', 'w') as f:
        json.dump(fixture, f)
        f.write('\n')
    return tag


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.rsplit('.', 1)[-1] in ('onnx', 'csv', 'json'):
            os.remove(os.path.join(OUT, old))
    tags = [make(i, arch, opset) for opset in OPSETS for i, arch in enumerate(architectures())]
    size = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f'{len(tags)} fixtures, {size} bytes in {os.path.relpath(OUT)}')
    if size > 2 * 1024 * 1024:
        sys.exit('the fixtures are larger than 2 MB: make them smaller')


LENET_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'lenet')
DIGITS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples', 'data', 'digits.csv')
LENET_ROWS = 200


def lenet():
    """A LeNet-5 style network for the 8x8 digits (examples/data/digits.csv, pixels scaled to [0, 1]),
    trained in float32 and exported with its trained weights: test/fixtures/lenet/lenet.onnx, the first
    LENET_ROWS images as lenet.csv, and lenet.json with PyTorch's float64 loss (CrossEntropyLoss on the
    logits) and every parameter's gradient on those rows. 19,754 parameters: `gradlens import` writes
    them to a weights file (beyond 10,000)."""
    os.makedirs(LENET_OUT, exist_ok=True)
    with open(DIGITS) as f:
        rows = [line.strip().split(',') for line in f.readlines()[1:] if line.strip()]
    x = torch.tensor([[float(v) / 16 for v in r[:64]] for r in rows], dtype=torch.float32)
    y = torch.tensor([int(r[64]) for r in rows])
    torch.manual_seed(5)
    model = nn.Sequential(
        nn.Conv2d(1, 6, 3, padding=1), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 3, padding=1), nn.Tanh(), nn.AvgPool2d(2),
        nn.Flatten(), nn.Linear(64, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    images = x.reshape(-1, 1, 8, 8)
    for epoch in range(15):
        for start in range(0, len(rows), 64):
            optimiser.zero_grad()
            F.cross_entropy(model(images[start:start + 64]), y[start:start + 64]).backward()
            optimiser.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(images).argmax(1) == y).double().mean().item()
    path = os.path.join(LENET_OUT, 'lenet')
    torch.onnx.export(model, torch.zeros(1, 1, 8, 8), path + '.onnx', opset_version=13, do_constant_folding=False,
                      input_names=['input'], output_names=['output'])
    net = model.double()
    n = LENET_ROWS
    xs = x[:n].double()
    onehot = F.one_hot(y[:n], 10).double()
    value = gradlens_loss('cross-entropy', net(xs.reshape(n, 1, 8, 8)), onehot, False, True)
    net.zero_grad()
    value.backward()
    with open(path + '.csv', 'w') as f:
        f.write(','.join([f'p{j}' for j in range(64)] + ['digit']) + '\n')
        for i in range(n):
            f.write(','.join([repr(v) for v in xs[i].tolist()] + [str(int(y[i]))]) + '\n')
    fixture = {
        'name': 'lenet', 'torch': torch.__version__, 'modules': [repr(m) for m in net.children()], 'inputShape': [1, 8, 8],
        'trainingAccuracy': accuracy, 'loss': 'cross-entropy', 'lossValue': value.item(),
        'gradients': {pn: nested(p.grad) for pn, p in net.named_parameters()},
    }
    with open(path + '.json', 'w') as f:
        json.dump(fixture, f)
        f.write('\n')
    size = sum(os.path.getsize(os.path.join(LENET_OUT, f)) for f in os.listdir(LENET_OUT))
    print(f'lenet: training accuracy {accuracy:.3f}, loss on {n} rows {value.item():.6f}, {size} bytes in {os.path.relpath(LENET_OUT)}')


if __name__ == '__main__' and '--lenet' in sys.argv:
    lenet()
    sys.exit(0)

if __name__ == '__main__':
    main()
