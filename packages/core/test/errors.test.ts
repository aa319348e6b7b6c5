import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, RmfSimError } from '@rmf-sim/core';

describe('ConfigError.fromZod', () => {
  const schema = z.object({ a: z.number().min(1), b: z.array(z.string()) }).strict();

  it('turns every zod issue into a ConfigIssue with a plain path, keeping the zod error as cause', () => {
    const r = schema.safeParse({ a: 0, b: ['x', 2], c: true });
    expect(r.success).toBe(false);
    const e = ConfigError.fromZod(r.error!);
    expect(e).toBeInstanceOf(RmfSimError);
    expect(e.code).toBe('ERR_RMF_CONFIG');
    expect(e.cause).toBe(r.error);
    expect(e.issues.map((i) => i.path)).toEqual([['a'], ['b', 1], []]);
    expect(e.message).toContain('  - a: Too small');
    expect(e.message).toContain('  - b[1]: Invalid input');
  });

  it('puts a prefix in front of every path', () => {
    const r = schema.safeParse({ a: 0, b: [] });
    const e = ConfigError.fromZod(r.error!, ['scenario', 3]);
    expect(e.issues).toEqual([{ path: ['scenario', 3, 'a'], message: expect.stringMatching(/^Too small/) }]);
    expect(e.message).toContain('scenario[3].a: Too small');
  });
});
