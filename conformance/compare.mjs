#!/usr/bin/env node
/**
 * Compare Model Lens's static analysis with the real-Keras goldens.
 *
 *   node conformance/compare.mjs GOLDEN_DIR [--cli dist/cli.js] [--ours DIR] [--quiet] [NAME...]
 *
 * For every GOLDEN_DIR/<name>.json (or only the NAMEs given, e.g. `lenet5`), the fixture named in
 * its "file" field is analyzed with `node <cli> summary FILE... --json` (one CLI run for all of
 * them), unless --ours DIR holds ready-made <name>.json reports. Models are matched by `variable`
 * when our report has it, else by position; layers by name, else by position. Every difference is
 * printed as
 *
 *   <fixture> <model> <layer>: <field> ours=<value> keras=<value>
 *
 * followed by a summary. Exit status: 0 when everything matches, 1 on any mismatch, 2 on usage
 * or CLI errors.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function usage(msg) {
  if (msg) process.stderr.write(`compare: ${msg}\n`);
  process.stderr.write('usage: node conformance/compare.mjs GOLDEN_DIR [--cli dist/cli.js] [--ours DIR] [--quiet] [NAME...]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let goldenDir = null;
let cli = join(REPO, 'dist', 'cli.js');
let oursDir = null;
let quiet = false;
const only = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--cli') cli = resolve(args[++i] ?? usage('--cli needs a path'));
  else if (a === '--ours') oursDir = resolve(args[++i] ?? usage('--ours needs a directory'));
  else if (a === '--quiet') quiet = true;
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (goldenDir === null) goldenDir = resolve(a);
  else only.push(basename(a).replace(/\.(json|py)$/, ''));
}
if (!goldenDir) usage('GOLDEN_DIR missing');

const names = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .filter((n) => only.length === 0 || only.includes(n))
  .sort();
if (names.length === 0) usage('no golden selected');
const goldens = new Map(names.map((n) => [n, JSON.parse(readFileSync(join(goldenDir, `${n}.json`), 'utf8'))]));

/** Our reports, by fixture name. */
function loadOurs() {
  const ours = new Map();
  if (oursDir) {
    for (const n of names) {
      const p = join(oursDir, `${n}.json`);
      if (existsSync(p)) ours.set(n, JSON.parse(readFileSync(p, 'utf8')));
    }
    return ours;
  }
  if (!existsSync(cli)) {
    process.stderr.write(`compare: ${cli} not found (run \`npm run build\` first, or pass --ours DIR)\n`);
    process.exit(2);
  }
  const files = names.map((n) => goldens.get(n).file);
  // stdout goes to a file, not a pipe: a CLI that ends with process.exit() can cut piped output short.
  const tmp = mkdtempSync(join(tmpdir(), 'model-lens-compare-'));
  const outPath = join(tmp, 'ours.json');
  const fd = openSync(outPath, 'w');
  try {
    execFileSync(process.execPath, [cli, 'summary', ...files, '--json'], { cwd: REPO, stdio: ['ignore', fd, 'inherit'] });
  } catch (e) {
    // a non-zero exit can still carry the reports; an empty output cannot
    if (statSync(outPath).size === 0) {
      process.stderr.write(`compare: ${cli} failed: ${e.message}\n`);
      process.exit(2);
    }
  } finally {
    closeSync(fd);
  }
  const out = readFileSync(outPath, 'utf8');
  rmSync(tmp, { recursive: true, force: true });
  let parsed;
  try {
    parsed = JSON.parse(out);
  } catch (e) {
    process.stderr.write(`compare: ${cli} printed invalid JSON (${e.message})\n`);
    process.exit(2);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const byFile = new Map(list.map((r) => [resolve(REPO, r.file), r]));
  for (const n of names) {
    const r = byFile.get(resolve(REPO, goldens.get(n).file));
    if (r) ours.set(n, r);
  }
  return ours;
}

const show = (v) => (v === undefined ? 'missing' : JSON.stringify(v));
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const mismatches = [];
const perFixture = new Map();
const perField = new Map();
function report(fixture, model, layer, field, ours, keras) {
  mismatches.push({ fixture, model, layer, field, ours, keras });
  perFixture.set(fixture, (perFixture.get(fixture) ?? 0) + 1);
  perField.set(field, (perField.get(field) ?? 0) + 1);
  if (!quiet) process.stdout.write(`${fixture} ${model} ${layer}: ${field} ours=${show(ours)} keras=${show(keras)}\n`);
}

function matchModels(kerasModels, ourModels) {
  const byVar = new Map(ourModels.filter((m) => m.variable).map((m) => [m.variable, m]));
  const useVar = byVar.size > 0;
  return kerasModels.map((km, i) => [km, useVar ? byVar.get(km.variable) : ourModels[i]]);
}

function matchLayers(kerasLayers, ourLayers) {
  const byName = new Map();
  for (const l of ourLayers) if (!byName.has(l.name)) byName.set(l.name, l);
  const used = new Set();
  const pairs = kerasLayers.map((kl, i) => {
    let ol = byName.get(kl.name);
    if (!ol || used.has(ol)) ol = ourLayers[i] && !used.has(ourLayers[i]) ? ourLayers[i] : undefined;
    if (ol) used.add(ol);
    return [kl, ol];
  });
  const extra = ourLayers.filter((l) => !used.has(l));
  return { pairs, extra };
}

const ours = loadOurs();
const MODEL_FIELDS = ['name', 'kind', 'totalParams', 'trainableParams', 'nonTrainableParams'];
const LAYER_FIELDS = ['name', 'type', 'outputShape', 'params', 'trainableParams', 'nonTrainableParams'];
for (const n of names) {
  const g = goldens.get(n);
  const o = ours.get(n);
  if (!o) {
    report(n, '-', '-', 'report', 'missing', `${g.models.length} model(s)`);
    continue;
  }
  const ourModels = o.models ?? [];
  for (const [km, om] of matchModels(g.models, ourModels)) {
    const mlabel = km.variable ?? km.name;
    if (!om) {
      report(n, mlabel, '-', 'model', 'missing', km.name);
      continue;
    }
    for (const f of MODEL_FIELDS) if (!same(om[f], km[f])) report(n, mlabel, '-', f, om[f], km[f]);
    const { pairs, extra } = matchLayers(km.layers, om.layers ?? []);
    for (const [kl, ol] of pairs) {
      if (!ol) {
        report(n, mlabel, kl.name, 'layer', 'missing', `${kl.type} ${show(kl.outputShape)}`);
        continue;
      }
      for (const f of LAYER_FIELDS) if (!same(ol[f], kl[f])) report(n, mlabel, kl.name, f, ol[f], kl[f]);
    }
    for (const ol of extra) report(n, mlabel, ol.name, 'layer', `${ol.type} ${show(ol.outputShape)}`, 'missing');
  }
  const matched = new Set(matchModels(g.models, ourModels).map(([, om]) => om).filter(Boolean));
  // The oracle reports the models held by top-level variables; a model only held inside another (an attribute
  // of a subclassed model, say) has no variable in our report and is not expected there.
  for (const om of ourModels) if (!matched.has(om) && om.variable) report(n, om.variable, '-', 'model', om.name, 'missing');
}

const clean = names.filter((n) => !perFixture.has(n));
process.stdout.write(`\n${clean.length} of ${names.length} fixtures match Keras exactly; ${mismatches.length} mismatches\n`);
if (perField.size > 0) {
  process.stdout.write(`by field: ${[...perField].sort((a, b) => b[1] - a[1]).map(([f, c]) => `${f} ${c}`).join(', ')}\n`);
  const worst = [...perFixture].sort((a, b) => b[1] - a[1]).slice(0, 10);
  process.stdout.write(`most mismatches: ${worst.map(([f, c]) => `${f} (${c})`).join(', ')}\n`);
}
process.exit(mismatches.length === 0 ? 0 : 1);
