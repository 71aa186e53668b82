"""Grad-CAM of an ImageNet ResNet-18 at layer4.1 in PyTorch, the reference for
`npm run bench -- explain`. It does what pytorch-grad-cam's GradCAM does (which is not installable
here): the input requires grad, so the backward runs down to the input; the score is the sum of each
image's top logit; CAM = ReLU(Σ_c mean_hw(∂score/∂A_c) · A_c), resized bilinearly to the input size
and scaled to [0, 1] per image. Architecture as torchvision's resnet18 (BasicBlock x [2, 2, 2, 2],
7x7/2 stem, max-pool), random weights, eval mode.

    python3 bench/reference/resnet18_gradcam.py --batch 8 --size 224 --threads 2

Prints one JSON line: {"batch", "size", "threads", "forward_ms", "gradcam_ms", "runs", "torch"} (medians).
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F

from resnet18_train_step import BasicBlock


class ResNet18ImageNet(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        inplanes = 64
        for stage, stride in enumerate([1, 2, 2, 2]):
            planes = 64 * 2**stage
            setattr(self, f"layer{stage + 1}", nn.Sequential(BasicBlock(inplanes, planes, stride), BasicBlock(planes, planes, 1)))
            inplanes = planes
        self.fc = nn.Linear(inplanes, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def grad_cam(model, layer, images):
    captured = {}

    def keep(module, inputs, output):
        captured["activations"] = output
        output.register_hook(lambda grad: captured.__setitem__("gradients", grad))

    handle = layer.register_forward_hook(keep)
    try:
        images = images.clone().requires_grad_(True)
        logits = model(images)
        model.zero_grad(set_to_none=True)
        logits.max(dim=1).values.sum().backward()
    finally:
        handle.remove()
    activations, gradients = captured["activations"].detach(), captured["gradients"]
    weights = gradients.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * activations).sum(dim=1, keepdim=True))
    cam = F.interpolate(cam, size=images.shape[2:], mode="bilinear", align_corners=False)[:, 0]
    low = cam.amin(dim=(1, 2), keepdim=True)
    high = cam.amax(dim=(1, 2), keepdim=True)
    return (cam - low) / (high - low + 1e-7)


def median_ms(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = ResNet18ImageNet().eval()
    images = torch.rand(args.batch, 3, args.size, args.size)

    def forward():
        with torch.no_grad():
            model(images)

    forward_ms = median_ms(forward, args.runs, args.warmup)
    gradcam_ms = median_ms(lambda: grad_cam(model, model.layer4[1], images), args.runs, args.warmup)
    row = {"batch": args.batch, "size": args.size, "threads": args.threads, "forward_ms": forward_ms}
    print(json.dumps({**row, "gradcam_ms": gradcam_ms, "runs": args.runs, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
