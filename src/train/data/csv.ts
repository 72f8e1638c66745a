/**
 * CSV data: one sample per row, one column holding the label, every other column a numeric feature (the
 * layout of Kaggle's `fashion-mnist_train.csv`: `label,pixel1,...,pixel784`). Parsed with csv-parse as a
 * stream, so a 60,000-row file never sits in memory as strings.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { NdArray } from './array';
import { count, DataError } from './errors';

export interface CsvData {
  /** `[rows, features]`, float32. */
  readonly features: NdArray;
  readonly labels: Float64Array;
  /** Column names when the first row is a header. */
  readonly header?: readonly string[];
  /** The label column's name (or its index as a string when there is no header). */
  readonly labelColumn: string;
}

export interface CsvOptions {
  /** The label column: a header name or a 0-based index. Default: the column named `label` (any case), else the first. */
  readonly labelColumn?: string | number;
  /** Stop after this many rows. */
  readonly limit?: number;
}

const isNumber = (s: string) => s !== '' && Number.isFinite(Number(s));

/** Parses CSV from a stream; `name` is used in messages. */
export async function parseCsv(input: Readable, name: string, options: CsvOptions = {}): Promise<CsvData> {
  const parser = input.pipe(parse({ skip_empty_lines: true, trim: true }));
  let header: string[] | undefined;
  let labelIndex = -1;
  let width = -1;
  let features = new Float32Array(0);
  let labels = new Float64Array(0);
  let rows = 0;
  let line = 0;
  const limit = options.limit ?? Infinity;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (width < 0) {
        width = record.length;
        if (width < 2) throw new DataError(`${name}: a training CSV needs a label column and at least one feature column; line 1 has ${width} column.`);
        if (!record.every(isNumber)) header = record;
        labelIndex = pickLabel(options.labelColumn, header, width, name);
        features = new Float32Array(1024 * (width - 1));
        labels = new Float64Array(1024);
        if (header) continue;
      }
      if (record.length !== width) throw new DataError(`${name}, line ${line}: ${record.length} columns where the first line has ${width}.`);
      if (rows === labels.length) {
        const grownLabels = new Float64Array(labels.length * 2);
        grownLabels.set(labels);
        labels = grownLabels;
        const grown = new Float32Array(features.length * 2);
        grown.set(features);
        features = grown;
      }
      let k = rows * (width - 1);
      for (let c = 0; c < width; c++) {
        const cell = record[c];
        const v = Number(cell);
        if (cell === '' || !Number.isFinite(v)) {
          const col = header ? `column "${header[c]}"` : `column ${c + 1}`;
          throw new DataError(`${name}, line ${line}, ${col}: "${cell.slice(0, 40)}" is not a number.`);
        }
        if (c === labelIndex) labels[rows] = v;
        else features[k++] = v;
      }
      rows++;
      if (rows >= limit) break;
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${name} is not a valid CSV file: ${(e as Error).message}`);
  } finally {
    input.destroy();
  }
  if (rows === 0) throw new DataError(`${name} has no data rows.`);
  return {
    features: { data: features.subarray(0, rows * (width - 1)), shape: [rows, width - 1] },
    labels: labels.subarray(0, rows),
    header,
    labelColumn: header ? header[labelIndex] : String(labelIndex),
  };
}

function pickLabel(choice: string | number | undefined, header: string[] | undefined, width: number, name: string): number {
  if (typeof choice === 'number') {
    if (!Number.isInteger(choice) || choice < 0 || choice >= width) throw new DataError(`${name}: label column ${choice} does not exist; the file has columns 0–${width - 1}.`);
    return choice;
  }
  if (typeof choice === 'string' && choice !== '') {
    if (/^\d+$/.test(choice)) return pickLabel(Number(choice), header, width, name);
    const i = header?.findIndex((h) => h === choice) ?? -1;
    if (i < 0) throw new DataError(`${name}: no column named "${choice}"${header ? ` (the columns are ${header.slice(0, 6).join(', ')}${header.length > 6 ? ', …' : ''})` : ' (the file has no header row)'}.`);
    return i;
  }
  const i = header?.findIndex((h) => h.toLowerCase() === 'label') ?? -1;
  return i >= 0 ? i : 0;
}

export function readCsv(path: string, options: CsvOptions = {}): Promise<CsvData> {
  const stream = createReadStream(path);
  return new Promise<CsvData>((resolve, reject) => {
    stream.once('error', (e: NodeJS.ErrnoException) => reject(new DataError(`Cannot read ${path}: ${e.code ?? e.message}.`)));
    parseCsv(stream, basename(path), options).then(resolve, reject);
  });
}

export { count };
