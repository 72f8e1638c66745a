#!/usr/bin/env node
/**
 * Model Lens on code it has never seen: the corpus (corpus/files, listed in corpus/MANIFEST.json) against the truth
 * that real Keras 3, tf.keras 2 and tfjs-layers gave for it (corpus/truth, made by corpus/truth.py).
 *
 *   node corpus/compare.mjs [--cli dist/cli.js] [--write] [--verbose] [--fail-on-wrong] [FILTER...]
 *
 * The analyzer runs once per file (`node dist/cli.js summary FILE --json`). Every model the truth has is
 * classified:
 *
 * - exact: every layer row (class, output shape, parameter counts) and the model's totals equal;
 * - honest ?: somewhere we say unknown (null / `?`) where the truth has a number, and nothing disagrees (layer rows
 *   we leave out count as unknown while our model's total is unknown too; with a total they are wrong);
 * - wrong: some number (a shape dimension, a parameter count, a total) disagrees, a layer is missing or extra,
 *   or the layer class differs;
 * - missing: the truth builds the model and our report has no such model.
 *
 * Layer and model names are not judged (Keras 3 and tf.keras 2 name things differently); differing names are
 * counted separately. The truth for a .py/.ipynb file is the Keras Model Lens finds the file follows (the CLI's
 * `--keras-version auto`, e.g. a tf.keras 2 summary saved in a notebook) where that Keras ran it; else Keras 3
 * (<file>.keras3.json); where Keras 3 could not run it and tf.keras 2 could (<file>.tfkeras2.json), tf.keras 2.
 * The analyzer runs in the dialect of the truth it is judged by (`--keras-version 2|3`). For .js/.ts it is
 * tfjs-layers (<file>.tfjs.json).
 * Models are matched by variable and name (see matchModels); layers by name, else by position.
 *
 * Prints the table by kind and every wrong and missing model with the reason; --write also saves it as
 * corpus/RESULTS.md. Exit status 0 (a measurement), except with --fail-on-wrong: 1 when any model is wrong (the
 * promise the test command holds: a `?` is allowed, a wrong number is not).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const args = process.argv.slice(2);
let cli = join(REPO, 'dist', 'cli.js');
let write = false;
let verbose = false;
let failOnWrong = false;
const only = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--cli') cli = resolve(args[++i]);
  else if (args[i] === '--write') write = true;
  else if (args[i] === '--verbose') verbose = true;
  else if (args[i] === '--fail-on-wrong') failOnWrong = true;
  else only.push(args[i]);
}
if (!existsSync(cli)) {
  process.stderr.write(`corpus: ${cli} not found (run \`npm run build\` first)\n`);
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(join(HERE, 'MANIFEST.json'), 'utf8'));
const entries = manifest.files.filter((e) => only.length === 0 || only.some((o) => e.local.includes(o)));
const stem = (local) => local.replaceAll('/', '__');
const readJson = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);
const KIND = { py: 'py', ipynb: 'ipynb', js: 'js-ts', ts: 'js-ts' };

/** The truth for one entry: {source, report} or {source: null, error}. */
function truthOf(e) {
  const t = join(HERE, 'truth', stem(e.local));
  if (e.kind === 'js' || e.kind === 'ts') {
    const r = readJson(`${t}.tfjs.json`);
    return r ? { source: 'tfjs', report: r } : { source: null, error: 'no truth file' };
  }
  const k3 = readJson(`${t}.keras3.json`);
  const k2 = readJson(`${t}.tfkeras2.json`);
  if (k3 && !k3.error) return { source: 'keras3', report: k3 };
  if (k2 && !k2.error) return { source: 'tfkeras2', report: k2, note: `Keras 3: ${k3?.error ?? 'not run'}` };
  if (k3 && k3.models?.length) return { source: 'keras3', report: k3 };
  if (k2 && k2.models?.length) return { source: 'tfkeras2', report: k2 };
  const error = [k3?.error && `Keras 3: ${k3.error}`, k2?.error && `tf.keras 2: ${k2.error}`].filter(Boolean).join(' | ');
  return { source: null, error: error || 'no truth file' };
}

/** Our report for one file, or {error}; `kerasVersion` (auto, 2, 3) for Python files and notebooks. */
function ours(e, kerasVersion) {
  const tmp = mkdtempSync(join(tmpdir(), 'model-lens-corpus-'));
  const outPath = join(tmp, 'ours.json');
  const fd = openSync(outPath, 'w');
  let failure = null;
  try {
    const version = kerasVersion ? ['--keras-version', kerasVersion] : [];
    execFileSync(process.execPath, [cli, 'summary', join(HERE, 'files', e.local), '--json', ...version], {
      cwd: REPO,
      stdio: ['ignore', fd, 'pipe'],
      timeout: 120_000,
    });
  } catch (err) {
    failure = String(err.stderr ?? err.message).trim().split('\n').pop();
  } finally {
    closeSync(fd);
  }
  try {
    if (statSync(outPath).size === 0) return { error: `the CLI printed nothing (${failure})` };
    const parsed = JSON.parse(readFileSync(outPath, 'utf8'));
    return Array.isArray(parsed) ? parsed[0] : parsed;
  } catch (err) {
    return { error: `the CLI printed invalid JSON (${err.message})` };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const isNum = (v) => typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v));
const num = (v) => (typeof v === 'string' ? Number(v) : v);

/** Compares a value of ours with the truth's: 'same', 'unknown' (we say null where it has a number) or 'differ'. */
function judge(o, k) {
  if (o === undefined) o = null;
  if (k === undefined) k = null;
  if (o === null && k === null) return 'same';
  if (o === null) return 'unknown';
  if (k === null) return 'differ';
  if (Array.isArray(o) && Array.isArray(k)) {
    if (o.length !== k.length) return 'differ';
    let verdict = 'same';
    for (let i = 0; i < o.length; i++) {
      const v = judge(o[i], k[i]);
      if (v === 'differ') return 'differ';
      if (v === 'unknown') verdict = 'unknown';
    }
    return verdict;
  }
  if (isNum(o) && isNum(k)) return num(o) === num(k) ? 'same' : 'differ';
  return JSON.stringify(o) === JSON.stringify(k) ? 'same' : 'differ';
}
const show = (v) => JSON.stringify(v ?? null);

/**
 * Pairs each model of the truth with one of ours: the same variable and name; where the truth's run stopped at an
 * error (later bindings never happened, so a variable may still hold an earlier model) the same name; else the same
 * variable; else the same name; else, when neither side has variables, the same position.
 */
function matchModels(kerasModels, ourModels, truthFailed) {
  const used = new Set();
  const take = (m) => {
    if (m) used.add(m);
    return m;
  };
  const free = (pred) => ourModels.find((m) => !used.has(m) && pred(m));
  const anyVar = kerasModels.some((m) => m.variable) && ourModels.some((m) => m.variable);
  const pairs = kerasModels.map((km) => [km, take(free((m) => m.variable === km.variable && m.name === km.name))]);
  for (const p of pairs) {
    const km = p[0];
    if (p[1]) continue;
    if (truthFailed) p[1] = take(free((m) => m.name === km.name));
    if (!p[1] && km.variable) p[1] = take(free((m) => m.variable === km.variable));
    if (!p[1]) p[1] = take(free((m) => m.name === km.name));
  }
  if (!anyVar) pairs.forEach((p, i) => (p[1] = p[1] ?? take(ourModels[i] && !used.has(ourModels[i]) ? ourModels[i] : undefined)));
  return pairs;
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
  return { pairs, extra: ourLayers.filter((l) => !used.has(l)) };
}

/** Classifies one model: {verdict, reasons: [...], unknowns: [...], names: n}. */
function classify(km, om, diagnostics = []) {
  if (!om) {
    const why = diagnostics.find((d) => /stopped|could not|cannot|unsupported|unknown/i.test(d.message));
    return { verdict: 'missing', reasons: [`no such model in our report${why ? ` (our diagnostic, line ${why.line}: ${why.message.slice(0, 160)})` : ''}`], unknowns: [], names: 0 };
  }
  if ((om.layers ?? []).length === 0 && om.totalParams == null && (km.layers ?? []).length > 0) {
    // We name the model but say nothing about its layers or size: a '?' for the whole model.
    return { verdict: 'honest', reasons: [], unknowns: ['the whole model (no layers, no totals)'], names: om.name !== km.name ? 1 : 0 };
  }
  const reasons = [];
  const unknowns = [];
  let names = 0;
  const { pairs, extra } = matchLayers(km.layers ?? [], om.layers ?? []);
  // Layer rows we do not list are a '?' only while we do not claim the model's size either.
  const sizeUnknown = om.totalParams == null;
  const absent = pairs.filter(([, ol]) => !ol).length;
  if (absent && sizeUnknown) unknowns.push(`${absent} of ${pairs.length} layer rows not listed`);
  for (const [kl, ol] of pairs) {
    if (!ol) {
      if (!sizeUnknown) reasons.push(`layer ${kl.name} (${kl.type}) missing`);
      continue;
    }
    if (ol.name !== kl.name) names++;
    if (ol.type !== kl.type) reasons.push(`${kl.name}: class ${ol.type}, truth ${kl.type}`);
    for (const f of ['outputShape', 'params', 'trainableParams', 'nonTrainableParams']) {
      const v = judge(ol[f], kl[f]);
      if (v === 'differ') reasons.push(`${kl.name}: ${f} ours=${show(ol[f])} truth=${show(kl[f])}`);
      else if (v === 'unknown') unknowns.push(`${kl.name}: ${f}`);
    }
  }
  for (const ol of extra) reasons.push(`extra layer ${ol.name} (${ol.type})`);
  for (const f of ['totalParams', 'trainableParams', 'nonTrainableParams']) {
    const v = judge(om[f], km[f]);
    if (v === 'differ') reasons.push(`${f} ours=${show(om[f])} truth=${show(km[f])}`);
    else if (v === 'unknown') unknowns.push(f);
  }
  if (om.name !== km.name) names++;
  const verdict = reasons.length ? 'wrong' : unknowns.length ? 'honest' : 'exact';
  return { verdict, reasons, unknowns, names };
}

const t0 = Date.now();
const rows = [];
const unrunnable = [];
/** Error diagnostics of ours in files that real Keras / TF.js ran to the end: claims that the code is broken. */
const falseAlarms = [];
const lines = [];
const say = (s = '') => lines.push(s);
/**
 * The truth a file is judged by and our report in its dialect: the Keras the analyzer finds the file follows when
 * that Keras ran it (tf.keras 2 for a notebook whose saved summaries are tf.keras 2's), else `truthOf`'s choice.
 */
function truthAndOurs(e) {
  const truth = truthOf(e);
  if (e.kind !== 'py' && e.kind !== 'ipynb') return { truth, o: truth.source ? ours(e) : null };
  if (!truth.source) return { truth, o: null };
  const o = ours(e, 'auto');
  const k2 = o.keras?.version === 2 ? readJson(join(HERE, 'truth', `${stem(e.local)}.tfkeras2.json`)) : null;
  if (k2 && !k2.error) return { truth: { source: 'tfkeras2', report: k2 }, o };
  const want = truth.source === 'tfkeras2' ? 2 : 3;
  return { truth, o: o.keras?.version === want ? o : ours(e, String(want)) };
}

for (const e of entries) {
  const { truth, o } = truthAndOurs(e);
  if (!truth.source) {
    unrunnable.push({ e, error: truth.error });
    continue;
  }
  const ourModels = o.error ? [] : o.models ?? [];
  if (!truth.report.error && !truth.note) {
    // (truth.note: Keras 3 failed and tf.keras 2 is the truth; our errors follow Keras 3, so they are not judged there)
    for (const d of o.diagnostics ?? []) if (d.severity === 'error') falseAlarms.push({ e, d });
  }
  for (const [km, om] of matchModels(truth.report.models ?? [], ourModels, Boolean(truth.report.error))) {
    const c = classify(km, om, o.diagnostics ?? []);
    rows.push({ e, source: truth.source, model: km.variable ?? km.name, kmodel: km, ...c, ourError: o.error, ourDiagnostics: (o.diagnostics ?? []).length });
  }
  if ((truth.report.models ?? []).length === 0) unrunnable.push({ e, error: `${truth.source} built no model at module level` + (truth.report.error ? `: ${truth.report.error}` : '') });
}

const kinds = ['py', 'ipynb', 'js-ts'];
const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)} %` : '–');
const count = (k, v) => rows.filter((r) => (k === 'all' || KIND[r.e.kind] === k) && (v === undefined || r.verdict === v)).length;
const filesOf = (k) => entries.filter((e) => k === 'all' || KIND[e.kind] === k).length;
const withModels = (k) => new Set(rows.filter((r) => k === 'all' || KIND[r.e.kind] === k).map((r) => r.e.local)).size;

say(`# Model Lens on the corpus`);
say();
say(`${new Date().toISOString().slice(0, 10)}: \`npm run corpus\` (corpus/compare.mjs) with the analyzer of this commit, against the truth in corpus/truth`);
say(`(real Keras 3.15.1 / tf-keras 2.21.0 / tfjs-layers, made by \`npm run corpus:truth\`). Layer and model names are not judged.`);
say();
say('| kind | files | files with a model the truth builds | models | exact | honest ? | wrong | missing |');
say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const k of [...kinds, 'all']) {
  const n = count(k);
  const cell = (v) => `${count(k, v)} (${pct(count(k, v), n)})`;
  say(`| ${k} | ${filesOf(k)} | ${withModels(k)} | ${n} | ${cell('exact')} | ${cell('honest')} | ${cell('wrong')} | ${cell('missing')} |`);
}
const bySource = ['keras3', 'tfkeras2', 'tfjs'].map((s) => `${s} ${rows.filter((r) => r.source === s).length}`).join(', ');
say();
say(`Truth used per model: ${bySource}. Models whose layer or model names differ from the truth: ${rows.filter((r) => r.names > 0).length}.`);
say();
say('## Wrong and missing models');
say();
const bad = rows.filter((r) => r.verdict === 'wrong' || r.verdict === 'missing');
if (bad.length === 0) say('None.');
for (const r of bad) {
  const more = r.reasons.length > 3 ? ` (+${r.reasons.length - 3} more)` : '';
  say(`- **${r.verdict}** \`${r.e.local}\` model \`${r.model}\` (${r.source}): ${r.reasons.slice(0, 3).join('; ')}${more}${r.ourError ? ` — our CLI: ${r.ourError}` : ''}`);
}
say();
say('## Our error diagnostics in files the truth ran to the end');
say();
say('Real Keras 3 (or TF.js) ran these files without an error, yet our report calls a line an error.');
say();
if (falseAlarms.length === 0) say('None.');
const alarmGroups = new Map();
for (const { e, d } of falseAlarms) {
  const key = `${e.local}\u0000${d.message}`;
  const g = alarmGroups.get(key) ?? { e, d, lines: [] };
  g.lines.push(d.line);
  alarmGroups.set(key, g);
}
for (const g of alarmGroups.values()) say(`- \`${g.e.local}\` line ${g.lines.join(', ')}: ${g.d.message.replace(/\s+/g, ' ').slice(0, 200)}`);
say();
say('## Honest ? models');
say();
for (const r of rows.filter((x) => x.verdict === 'honest')) {
  say(`- \`${r.e.local}\` model \`${r.model}\`: unknown ${r.unknowns.slice(0, 4).join(', ')}${r.unknowns.length > 4 ? ` (+${r.unknowns.length - 4} more)` : ''}`);
}
say();
const silent = rows.filter((r) => r.verdict === 'honest' && r.unknowns.some((u) => /layer rows not listed|whole model/.test(u)) && r.ourDiagnostics === 0);
say(`Of these, ${silent.length} leave layer rows out without any diagnostic saying why: ${silent.map((r) => `\`${r.e.local}\``).join(', ') || 'none'}.`);
say();
say('## Files with no model to judge (the truth could not run them, or they build none at module level)');
say();
for (const u of unrunnable) say(`- \`${u.e.local}\`: ${u.error.replace(/\s+/g, ' ').slice(0, 300)}`);
say();
say('## Per file');
say();
say('| file | era | truth | models: verdicts |');
say('| --- | --- | --- | --- |');
for (const e of entries) {
  const rs = rows.filter((r) => r.e === e);
  const u = unrunnable.find((x) => x.e === e);
  const verdicts = rs.length ? rs.map((r) => `${r.model} ${r.verdict === 'honest' ? 'honest ?' : r.verdict}`).join(', ') : u ? 'none (see above)' : '';
  say(`| \`${e.local}\` | ${e.era} | ${rs[0]?.source ?? '–'} | ${verdicts} |`);
}
say();
say(`Analyzer time: ${((Date.now() - t0) / 1000).toFixed(1)} s for ${entries.length} files.`);

const text = lines.join('\n') + '\n';
process.stdout.write(text);
if (verbose) {
  for (const r of rows) if (r.reasons.length > 3) process.stdout.write(`${r.e.local} ${r.model}:\n  ${r.reasons.join('\n  ')}\n`);
}
if (write) writeFileSync(join(HERE, 'RESULTS.md'), text);
const wrong = rows.filter((r) => r.verdict === 'wrong');
if (failOnWrong && wrong.length > 0) {
  process.stderr.write(`corpus: ${wrong.length} model(s) with a wrong number: ${wrong.map((r) => `${r.e.local} ${r.model}`).join(', ')}\n`);
  process.exitCode = 1;
}
