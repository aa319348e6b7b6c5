import { Writable } from 'node:stream';
import { runCli, type RunCliOptions } from '../src/index.js';

/** A writable that records everything written to it; optionally pretends to be a terminal. */
export function capture(options: { isTTY?: boolean } = {}) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  if (options.isTTY) Object.assign(stream, { isTTY: true, columns: 120 });
  return { stream, text: () => chunks.join('') };
}

/** Runs the CLI in-process and returns exit code, stdout and stderr. */
export async function run(argv: string[], options: { clock?: RunCliOptions['clock']; signal?: AbortSignal; ttyStderr?: boolean; cwd?: string } = {}) {
  const out = capture();
  const err = capture({ isTTY: options.ttyStderr ?? false });
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, clock: options.clock, signal: options.signal, ...(options.cwd ? { cwd: options.cwd } : {}) });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/** Minimal RFC 4180 parser of one CSV record (no embedded newlines needed here). */
export function parseCsvRecord(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quote in ${line}`);
        field += line.slice(i, q);
        i = q + 1;
        if (line[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      const c = line.indexOf(',', i);
      field = line.slice(i, c < 0 ? line.length : c);
      i = c < 0 ? line.length : c;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    if (line[i] !== ',') throw new Error(`expected a comma at ${i} in ${line}`);
    i++;
  }
}

/** Splits `k=v;k=v` with backslash escapes back into an ordered list of pairs. */
export function parseCsvLabels(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  if (text === '') return pairs;
  let key = '';
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') cur += text[++i] ?? '';
    else if (c === '=') {
      key = cur;
      cur = '';
    } else if (c === ';') {
      pairs.push([key, cur]);
      key = '';
      cur = '';
    } else cur += c;
  }
  pairs.push([key, cur]);
  return pairs;
}
