"""The same model in a plain PyTorch CPU loop (Adam, cross-entropy): one epoch, then a second one timed on its own,
then the test set's accuracy. Prints JSON per batch size."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import torch  # noqa: E402
from fashion_mnist import load  # noqa: E402

x_np, y_np = load()
x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
x_test, y_test = (torch.from_numpy(a) for a in load("t10k"))
for batch in [int(b) for b in sys.argv[1:]] or [32, 128]:
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch():
        order = torch.randperm(len(x))
        correct = 0
        start = time.perf_counter()
        for i in range(0, len(x), batch):
            idx = order[i : i + batch]
            logits = model(x[idx])
            loss = loss_fn(logits, y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            correct += (logits.argmax(1) == y[idx]).sum().item()
        return time.perf_counter() - start, correct / len(x)

    seconds, accuracy = epoch()
    second, _ = epoch()
    with torch.no_grad():
        test_accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(json.dumps({"batch": batch, "samplesPerSec": len(x) / seconds, "secondEpochSamplesPerSec": len(x) / second, "accuracy": accuracy, "testAccuracy": test_accuracy, "seconds": seconds, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
