import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSnippets, snippetsOf } from '../src/snippets.js';

const root = new URL('../../..', import.meta.url).pathname;
const GUIDES = join(root, 'docs/guides');
const guides = readdirSync(GUIDES).filter((f) => f.endsWith('.md')).sort();
const pages = [...guides.map((g) => join(GUIDES, g)), join(root, 'docs/README.md')];

describe.each(guides)('docs/guides/%s', (guide) => {
  const text = readFileSync(join(GUIDES, guide), 'utf8');
  const snippets = snippetsOf(text);

  it.runIf(snippets.length > 0)('runs every ts snippet on the built packages and prints what the guide shows', () => {
    const outputs = runSnippets(root, guide.replace(/\.md$/, ''), snippets);
    if (process.env.UPDATE_SNIPPETS === '1') {
      // renews the guide's text blocks from what the snippets print (after a deliberate model change); review the diff
      let md = text;
      let from = 0;
      snippets.forEach((s, i) => {
        const at = md.indexOf(s.code, from);
        if (s.output === undefined || at < 0) return;
        const old = `\`\`\`text\n${s.output}\`\`\``;
        const k = md.indexOf(old, at);
        if (k < 0) return;
        const now = `\`\`\`text\n${outputs[i]}\`\`\``;
        md = md.slice(0, k) + now + md.slice(k + old.length);
        from = k + now.length;
      });
      writeFileSync(join(GUIDES, guide), md);
      return;
    }
    snippets.forEach((s, i) => {
      if (s.output !== undefined) expect(outputs[i], `${guide}:${s.line}`).toBe(s.output);
    });
  }, 180_000);
});

it('every relative link of the docs points at a file that exists', () => {
  const broken: string[] = [];
  for (const page of pages) {
    for (const m of readFileSync(page, 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      if (!existsSync(resolve(dirname(page), target))) broken.push(`${page.slice(root.length)} → ${target}`);
    }
  }
  expect(broken).toEqual([]);
});

it('the snippet reader pairs a ts block with the text block right after it', () => {
  const md = 'x\n```ts\nconsole.log(1);\n```\n\n```text\n1\n```\n```typescript\nshown only\n```\n```ts\nconsole.log(2);\n```\nprose\n```text\nnot its output\n```\n';
  expect(snippetsOf(md)).toEqual([
    { line: 2, code: 'console.log(1);\n', output: '1\n' },
    { line: 12, code: 'console.log(2);\n' },
  ]);
});
