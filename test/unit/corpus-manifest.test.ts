/**
 * The corpus of real public code (corpus/): every file is listed in corpus/MANIFEST.json with where it comes from
 * and a licence that allows redistribution, is attributed in corpus/NOTICE.md, and has its truth from real Keras /
 * tf.keras / tfjs-layers in corpus/truth (a report, possibly with no model at module level, or the recorded reason
 * it could not run here).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = 'corpus';
const FILES = join(ROOT, 'files');
const ALLOWED = new Set(['Apache-2.0', 'MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'CC-BY-4.0', 'CC0-1.0', 'ISC', 'Unlicense']);
const KINDS: Record<string, string[]> = { py: ['.py'], ipynb: ['.ipynb'], js: ['.js', '.mjs', '.cjs'], ts: ['.ts', '.tsx'] };
const ERAS = new Set(['Keras 1', 'tf.keras 2', 'Keras 3', 'TF.js']);

interface Entry {
  local: string;
  repo: string;
  path: string;
  commit: string;
  license: string;
  kind: string;
  era: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [relative(FILES, p)];
  });
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'MANIFEST.json'), 'utf8')) as { files: Entry[] };
const byLocal = new Map(manifest.files.map((e) => [e.local, e]));
const stem = (local: string) => local.replaceAll('/', '__');

describe('corpus manifest', () => {
  test('every corpus file is in the manifest, and every entry has its file', () => {
    const onDisk = walk(FILES).sort();
    assert.deepEqual(onDisk.filter((f) => !byLocal.has(f)), [], 'files missing from MANIFEST.json');
    assert.deepEqual(manifest.files.map((e) => e.local).filter((f) => !existsSync(join(FILES, f))), [], 'entries without a file');
    assert.equal(byLocal.size, manifest.files.length, 'an entry is listed twice');
  });

  test('every entry names its source and a licence that allows redistribution', () => {
    for (const e of manifest.files) {
      assert.match(e.repo, /^[\w.-]+\/[\w.-]+$/, `${e.local}: repo`);
      assert.ok(e.path, `${e.local}: path in the repository`);
      assert.match(e.commit, /^[0-9a-f]{40}$/, `${e.local}: commit`);
      assert.ok(ALLOWED.has(e.license), `${e.local}: licence ${e.license}`);
      assert.ok(ERAS.has(e.era), `${e.local}: era ${e.era}`);
      assert.ok(KINDS[e.kind]?.some((ext) => e.local.endsWith(ext)), `${e.local}: kind ${e.kind}`);
    }
  });

  test('NOTICE.md attributes every repository and carries every licence text', () => {
    const notice = readFileSync(join(ROOT, 'NOTICE.md'), 'utf8');
    for (const repo of new Set(manifest.files.map((e) => e.repo))) assert.ok(notice.includes(repo), `NOTICE.md does not name ${repo}`);
    if (manifest.files.some((e) => e.license === 'Apache-2.0')) assert.match(notice, /Apache License\s+Version 2\.0, January 2004/);
    if (manifest.files.some((e) => e.license === 'MIT')) assert.match(notice, /Permission is hereby granted, free of charge/);
  });

  test('every file has its truth, or the recorded reason it could not run', () => {
    for (const e of manifest.files) {
      const flavours = e.kind === 'js' || e.kind === 'ts' ? ['tfjs'] : e.era === 'Keras 3' ? ['keras3'] : ['keras3', 'tfkeras2'];
      for (const f of flavours) {
        const p = join(ROOT, 'truth', `${stem(e.local)}.${f}.json`);
        assert.ok(existsSync(p), `${e.local}: no ${f} truth (run \`npm run corpus:truth -- --missing\`)`);
        const t = JSON.parse(readFileSync(p, 'utf8')) as { file: string; models?: unknown[]; error?: string };
        assert.equal(t.file, `corpus/files/${e.local}`, p);
        assert.ok(Array.isArray(t.models), `${p}: models`);
        if (t.error !== undefined) assert.ok(t.error.length > 0, `${p}: an empty reason`);
      }
    }
  });
});
