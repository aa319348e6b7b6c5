import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule is what keeps core deterministic: prove it fires on each forbidden call inside packages/core/src.
describe('core purity lint rule', () => {
  const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });
  const lint = async (code: string, file = 'packages/core/src/__probe__.ts') => (await eslint.lintText(code, { filePath: file }))[0]!.messages.map((m) => m.message);

  it.each([
    ['Math.random()', /Math\.random/],
    ['Date.now()', /wall clock/],
    ['new Date()', /wall clock/],
    ['setTimeout(() => {}, 1)', /timers/],
    ['setInterval(() => {}, 1)', /timers/],
    ['performance.now()', /wall clock/],
    ['2 ** 3', /bit-identical/],
    ['Math.pow(2, 3)', /bit-identical/],
    ["import { readFileSync } from 'node:fs'; readFileSync('x')", /no I\/O/],
  ])('rejects %s in core', async (code, message) => {
    const messages = await lint(`export const x = () => ${code.startsWith('import') ? '0' : code};\n${code.startsWith('import') ? code : ''}`);
    expect(messages.some((m) => message.test(m)), messages.join('\n')).toBe(true);
  });

  it('allows an explicit instant, and allows clocks outside core/src', async () => {
    expect(await lint('export const d = new Date(0).toISOString();')).toEqual([]);
    expect(await lint('export const n = () => Date.now();', 'packages/server/src/__probe__.ts')).toEqual([]);
  });
});
