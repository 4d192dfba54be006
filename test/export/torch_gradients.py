"""Test harness (test/export/pytorch-export.test.ts): runs exported GradLens models in PyTorch.

Reads a JSON list of jobs on stdin. Each job names an exported Python file; the harness imports it
through its fixed interface (build_model, load_data, loss_fn, make_optimizer), replaces each dropout
module by GradLens's own mask of the same pass (so that both sides drop the same values), computes the
loss and every parameter's gradient in float64 (frozen parameters included, as GradLens reports them)
and, when asked, trains through the file's own train() and returns the printed lines.
Writes one JSON list of results on stdout (floats in repr form: the same float64 back).
"""
import importlib.util
import json
import sys
import traceback

import torch
from torch import nn


class FixedMask(nn.Module):
    def __init__(self, mask):
        super().__init__()
        self.mask = mask

    def forward(self, x):
        return x * self.mask.reshape(x.shape)


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(job, index):
    m = load(job["file"], f"exported_{index}")
    model = m.build_model()
    result = {
        "sequential": isinstance(model, nn.Sequential),
        "training": model.training,
        "float64": all(t.dtype == torch.float64 for t in model.state_dict().values() if t.is_floating_point()),
        "frozen": [name for name, p in model.named_parameters() if not p.requires_grad],
    }
    optimizer = m.make_optimizer(model)
    result["optimizer"] = type(optimizer).__name__
    result["optimizerGroups"] = [
        {"lr": g["lr"], "weight_decay": g["weight_decay"], "momentum": g.get("momentum", 0.0), "params": len(g["params"])}
        for g in optimizer.param_groups
    ]
    for p in model.parameters():
        p.requires_grad_(True)
    for position, mask in job.get("masks", {}).items():
        model[int(position)] = FixedMask(torch.tensor(mask, dtype=torch.float64))
    inputs, targets = m.load_data()
    result["dataDtype"] = [str(inputs.dtype), str(targets.dtype)]
    result["inputShape"] = list(inputs.shape)
    loss = m.loss_fn(model(inputs), targets)
    loss.backward()
    result["loss"] = loss.item()
    result["grads"] = {name: p.grad.reshape(-1).tolist() for name, p in model.named_parameters()}
    if job.get("train"):
        lines = []
        m.train(report=lines.append)
        result["trainLines"] = lines
    return result


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    jobs = json.load(sys.stdin)
    results = []
    for i, job in enumerate(jobs):
        try:
            results.append(run(job, i))
        except Exception:  # one model's failure is that model's result, not the whole run's
            results.append({"error": traceback.format_exc()})
    print(json.dumps(results))
