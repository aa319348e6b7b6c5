/**
 * The guides' runnable snippets: every fenced `ts` block of a guide is a program (a `typescript` block is shown, not
 * run); when a `text` block follows it, that is what the program prints. The test compiles every snippet with the
 * repository's TypeScript (type-checked as a user sees it) and runs it on the built packages.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One runnable snippet of a guide. */
export interface Snippet {
  /** 1-based line of its opening fence. */
  line: number;
  code: string;
  /** What it prints, when the guide says so. */
  output?: string;
}

/** The `ts` blocks of a Markdown text, each with the `text` block that directly follows it, if any. */
export function snippetsOf(markdown: string): Snippet[] {
  const out: Snippet[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```\s*$/gm;
  const blocks: { lang: string; body: string; start: number; end: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(markdown)) !== null) blocks.push({ lang: m[1]!, body: m[2]!, start: m.index, end: m.index + m[0].length });
  blocks.forEach((b, i) => {
    if (b.lang !== 'ts') return;
    const next = blocks[i + 1];
    const between = next ? markdown.slice(b.end, next.start) : '';
    const output = next && next.lang === 'text' && between.trim() === '' ? next.body : undefined;
    out.push({ line: markdown.slice(0, b.start).split('\n').length, code: b.body, ...(output === undefined ? {} : { output }) });
  });
  return out;
}

/**
 * Compiles snippets (one `tsc` run, strict, NodeNext) into a folder under `node_modules/.cache` of `root` (so that
 * `@rmf-sim/*` resolve to the workspace's built packages) and runs each; returns what each printed.
 */
export function runSnippets(root: string, name: string, snippets: readonly Snippet[], timeoutMs = 60_000): string[] {
  if (snippets.length === 0) return [];
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, `node_modules/.cache/guide-${name}-`));
  const files = snippets.map((s, i) => {
    const file = join(dir, `snippet-${i + 1}.mts`);
    writeFileSync(file, s.code);
    return file;
  });
  const tsc = ['--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--strict', '--skipLibCheck', '--outDir', dir, ...files];
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), ...tsc], { cwd: root, encoding: 'utf8' });
  } catch (e) {
    throw new Error(`a snippet of ${name} does not compile:\n${String((e as { stdout?: string }).stdout ?? e)}`);
  }
  return files.map((f) => execFileSync(process.execPath, [f.replace(/\.mts$/, '.mjs')], { cwd: root, encoding: 'utf8', timeout: timeoutMs }));
}
