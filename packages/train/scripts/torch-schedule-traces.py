"""Writes fixtures/torch-schedule-traces.json: learning-rate traces of PyTorch's schedulers.

The schedule tests of @bcos/train compare against these. Run with any PyTorch >= 2.0:
    python scripts/torch-schedule-traces.py
"""
import json
import pathlib

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

BASE_LR = 0.1


def optimizer(lr=BASE_LR):
    return SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


def trace(make, steps, lr=BASE_LR):
    """The lr each optimizer step uses, for `steps` steps."""
    opt = optimizer(lr)
    scheduler = make(opt)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return lrs


def plateau(options, metrics):
    """The lr after each epoch-end step(metric)."""
    opt = optimizer()
    scheduler = S.ReduceLROnPlateau(opt, **options)
    lrs = []
    for m in metrics:
        scheduler.step(m)
        lrs.append(opt.param_groups[0]["lr"])
    return {"options": options, "metrics": metrics, "lrs": lrs}


DOWN_UP = [1.0, 0.9, 0.95, 0.91, 0.899, 0.92, 0.85, 0.86, 0.87, 0.88, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85]
UP_DOWN = [0.5, 0.6, 0.55, 0.6005, 0.61, 0.7, 0.69, 0.68, 0.7001, 0.71, 0.72, 0.65, 0.66, 0.64, 0.63]

plateau_cases = {
    "min-rel": plateau({"mode": "min", "factor": 0.5, "patience": 2}, DOWN_UP),
    "min-rel-threshold": plateau({"mode": "min", "factor": 0.5, "patience": 1, "threshold": 0.02}, DOWN_UP),
    "min-abs": plateau(
        {"mode": "min", "factor": 0.5, "patience": 1, "threshold": 0.02, "threshold_mode": "abs"}, DOWN_UP
    ),
    "max-rel": plateau({"mode": "max", "factor": 0.2, "patience": 1, "threshold": 0.01}, UP_DOWN),
    "max-abs-cooldown": plateau(
        {"mode": "max", "factor": 0.5, "patience": 0, "threshold": 0.005, "threshold_mode": "abs", "cooldown": 2},
        UP_DOWN,
    ),
    "min-cooldown": plateau({"mode": "min", "factor": 0.5, "patience": 1, "cooldown": 3}, DOWN_UP),
    "min-lr-floor": plateau({"mode": "min", "factor": 0.1, "patience": 0, "min_lr": 0.0025}, [1.0] * 6),
    "eps-blocks-tiny-step": plateau(
        {"mode": "min", "factor": 0.5, "patience": 0, "min_lr": 0.0999, "eps": 1e-3}, [1.0] * 4
    ),
}

traces = {
    "step": {"options": {"step_size": 3, "gamma": 0.5}, "lrs": trace(lambda o: S.StepLR(o, 3, 0.5), 12)},
    "multiStep": {
        "options": {"milestones": [2, 5, 9], "gamma": 0.1},
        "lrs": trace(lambda o: S.MultiStepLR(o, [2, 5, 9], 0.1), 12),
    },
    "exponential": {"options": {"gamma": 0.9}, "lrs": trace(lambda o: S.ExponentialLR(o, 0.9), 10)},
    "cosine": {
        "options": {"T_max": 10, "eta_min": 0.001},
        "lrs": trace(lambda o: S.CosineAnnealingLR(o, 10, 0.001), 11),
    },
    "oneCycle-cos": {
        "options": {"max_lr": 0.5, "total_steps": 20},
        "lrs": trace(lambda o: S.OneCycleLR(o, 0.5, total_steps=20, cycle_momentum=False), 20),
    },
    "oneCycle-linear-three-phase": {
        "options": {"max_lr": 0.5, "total_steps": 25, "pct_start": 0.25, "three_phase": True, "anneal_strategy": "linear",
                    "div_factor": 10, "final_div_factor": 100},
        "lrs": trace(
            lambda o: S.OneCycleLR(
                o, 0.5, total_steps=25, pct_start=0.25, three_phase=True, anneal_strategy="linear",
                div_factor=10, final_div_factor=100, cycle_momentum=False,
            ),
            25,
        ),
    },
    "warmup-cosine": {
        "options": {"start_factor": 0.1, "warmup": 3, "T_max": 7, "eta_min": 0.0},
        "lrs": trace(
            lambda o: S.SequentialLR(
                o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.CosineAnnealingLR(o, 7)], milestones=[3]
            ),
            10,
        ),
    },
}

out = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "torch-schedule-traces.json"
out.write_text(json.dumps({"torch": torch.__version__, "baseLr": BASE_LR, "plateau": plateau_cases, "traces": traces}, indent=1))
print(f"wrote {out}")
