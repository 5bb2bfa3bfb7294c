"""One contender of bench/vs-pytorch.mjs: trains the PyTorch twin of a scratchnet preset and prints
one JSON line. Step mode times full training steps (forward, loss, backward, Adam) on one random
batch, then each top-level module's forward and backward (from hooks); epoch mode runs one MNIST
epoch through a DataLoader, as a PyTorch user's training loop does.

    python pytorch_child.py '{"model":"lenet","batch":64,"threads":2,"warmup":5,"warmupSeconds":1,"steps":30,
                              "layerSteps":10,"epoch":false,"mnistDir":"…"}'
"""
import json
import resource
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

o = json.loads(sys.argv[1])
torch.set_num_threads(o["threads"])
torch.manual_seed(0)



class BasicBlock(nn.Module):
    """torchvision's BasicBlock, as scratchnet's resnet preset builds it."""

    def __init__(self, in_c, out_c, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_c, out_c, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_c)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(out_c, out_c, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_c)
        self.downsample = None
        if stride != 1 or in_c != out_c:
            self.downsample = nn.Sequential(nn.Conv2d(in_c, out_c, 1, stride, bias=False), nn.BatchNorm2d(out_c))

    def forward(self, x):
        y = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        return self.relu(y + (x if self.downsample is None else self.downsample(x)))


def stage(in_c, out_c, stride):
    return nn.Sequential(BasicBlock(in_c, out_c, stride), BasicBlock(out_c, out_c, 1))


def build(name):
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 200), nn.ReLU(),
                             nn.Linear(200, 10))
    if name == "lenet":
        return nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "resnet":
        from collections import OrderedDict
        return nn.Sequential(OrderedDict([
            ("conv1", nn.Conv2d(1, 16, 3, 1, 1, bias=False)), ("bn1", nn.BatchNorm2d(16)), ("relu", nn.ReLU()),
            ("layer1", stage(16, 16, 1)), ("layer2", stage(16, 32, 2)), ("layer3", stage(32, 64, 2)),
            ("avgpool", nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())), ("fc", nn.Linear(64, 10)),
        ]))
    raise SystemExit(f"pytorch_child: no twin for model {name!r}")


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


model = build(o["model"])
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
result = {"contender": "pytorch", "torch": torch.__version__}


def step(x, y):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss


if o["epoch"]:
    images = torch.from_numpy(read_idx(f"{o['mnistDir']}/train-images-idx3-ubyte").astype(np.float32) / 255)
    labels = torch.from_numpy(read_idx(f"{o['mnistDir']}/train-labels-idx1-ubyte").astype(np.int64))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(images.unsqueeze(1), labels),
                                         batch_size=o["batch"], shuffle=True)
    result["baseRssMB"] = rss_mb()
    t0 = time.perf_counter()
    total = 0.0
    for x, y in loader:
        total += step(x, y).item() * len(y)
    result["epochSeconds"] = time.perf_counter() - t0
    result["loss"] = total / len(labels)
else:
    x = torch.rand(o["batch"], 1, 28, 28)
    y = torch.randint(0, 10, (o["batch"],))
    result["baseRssMB"] = rss_mb()
    warmup_end = time.perf_counter() + o["warmupSeconds"]
    done = 0
    while done < o["warmup"] or time.perf_counter() < warmup_end:
        step(x, y)
        done += 1
    result["stepMs"] = []
    for _ in range(o["steps"]):
        t0 = time.perf_counter()
        step(x, y)
        result["stepMs"].append((time.perf_counter() - t0) * 1000)

    # Per top-level module: forward between its pre- and post-hook; backward from its backward
    # pre-hook to the next one (the module before it), the first module's up to backward's return.
    names = [name for name, _ in model.named_children()]
    forward = {n: [] for n in names}
    backward = {n: [] for n in names}
    marks = []
    for name, module in model.named_children():
        module.register_forward_pre_hook(lambda m, i, n=name: marks.append(("f", n, time.perf_counter())))
        module.register_forward_hook(lambda m, i, out, n=name: forward[n].append(time.perf_counter() - marks[-1][2]))
        module.register_full_backward_pre_hook(lambda m, g, n=name: marks.append(("b", n, time.perf_counter())))
    for _ in range(o["layerSteps"]):
        marks.clear()
        x.requires_grad_(True)
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        end = time.perf_counter()
        starts = [(n, t) for kind, n, t in marks if kind == "b"]
        for (n, t), nxt in zip(starts, [t for _, t in starts[1:]] + [end]):
            backward[n].append(nxt - t)
        optimizer.step()
    result["layers"] = [{"name": n, "forward": 1000 * statistics.median(forward[n]),
                         "backward": 1000 * statistics.median(backward[n])} for n in names]
result["peakRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
