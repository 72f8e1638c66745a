/**
 * A page that shows the training panel outside VS Code, for looking at it in a browser or taking a
 * screenshot with headless Chromium: it stubs `acquireVsCodeApi`, sets a dark theme's CSS variables and
 * replays a real run (the tutorial model on 3,000 Fashion-MNIST images, 2 epochs) into the panel.
 *
 *   npm run build && node --import tsx test/webview/training-harness.ts   # writes test-results/training-harness.html
 *   chromium --headless --no-sandbox --disable-gpu --window-size=1100,1700 --screenshot=test-results/training.png test-results/training-harness.html
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParser } from '../../src/core/python/analyze';
import type { HostMessage, RunInfo } from '../../src/shared/training-protocol';
import { planTraining } from '../../src/train/host/plan';
import { applyEnd, applyEvent, newRunState } from '../../src/train/host/run-state';
import { TrainingSession } from '../../src/train/host/session';
import { noteLabel, noteValueText } from '../../src/train/host/plan-notes';

const ROOT = join(__dirname, '..', '..');

const DARK = {
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editorWidget-border': '#454545',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-editorRuler-foreground': '#5a5a5a',
  '--vscode-progressBar-background': '#0078d4',
  '--vscode-errorForeground': '#f85149',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textBlockQuote-background': '#2b2b2b',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
};

async function main(): Promise<void> {
  await initParser();
  const file = join(ROOT, 'examples', 'fashion_mnist.py');
  const { plan, problems } = planTraining(readFileSync(file, 'utf8'), { epochs: 2, limit: 3000, testLimit: 1000, seed: 1 });
  if (!plan) throw new Error(problems.map((p) => p.message).join('\n'));
  const info: RunInfo = {
    runId: 1,
    file: 'examples/fashion_mnist.py',
    modelName: 'model',
    epochs: plan.job.fit.epochs,
    settings: plan.notes.map((n) => ({ label: noteLabel(n), value: noteValueText(n) })),
  };
  const state = newRunState(info);
  const session = new TrainingSession({ workerPath: join(ROOT, 'dist', 'train-worker.js') });
  session.on('event', (e) => applyEvent(state, e));
  session.start(plan.job);
  const end = await session.ended;
  applyEnd(state, end);
  state.canSave = true;
  const messages: HostMessage[] = [{ type: 'training/didReset', state, running: false }];
  const vars = Object.entries(DARK).map(([k, v]) => `${k}: ${v};`).join(' ');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Training panel harness</title>
<link rel="stylesheet" href="../dist/webview/training.css">
<style>body { ${vars} }</style>
<script>
  window.acquireVsCodeApi = () => ({ postMessage: (m) => { if (m.type === 'webview/ready') for (const msg of ${JSON.stringify(messages)}) window.postMessage(msg, '*'); }, getState: () => undefined, setState: () => {} });
</script>
</head><body class="vscode-dark"><main id="app"></main><script src="../dist/webview/training.js"></script></body></html>`;
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results', 'training-harness.html'), html);
  process.stdout.write(`wrote test-results/training-harness.html (${state.points.length} points, ${state.epochs.length} epochs, outcome ${state.outcome})\n`);
}

void main();
