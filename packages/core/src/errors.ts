import type { z } from 'zod';

/**
 * Stable error codes of rmf-sim. Compare `error.code`, never `instanceof` across package boundaries.
 */
export type RmfSimErrorCode =
  | 'ERR_RMF_CONFIG'
  | 'ERR_RMF_ARGUMENT'
  | 'ERR_RMF_ABORTED'
  | 'ERR_RMF_CLOSED'
  | 'ERR_RMF_USAGE'
  | 'ERR_RMF_STORE_RECORD'
  | 'ERR_RMF_STORE_UNAVAILABLE'
  | 'ERR_RMF_STORE_AUTH'
  | 'ERR_RMF_STORE_SCHEMA'
  | 'ERR_RMF_STORE_QUERY';

/**
 * Base class of every error rmf-sim throws on purpose.
 *
 * @example
 * ```ts
 * try { createSimulator({ seed: -1 }); }
 * catch (e) { if ((e as RmfSimError).code === 'ERR_RMF_CONFIG') console.error(e.message); }
 * ```
 */
export class RmfSimError extends Error {
  /** Stable, machine-readable code. */
  readonly code: RmfSimErrorCode;

  constructor(code: RmfSimErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RmfSimError';
    this.code = code;
  }
}

/** One problem found in a configuration: where (`path`) and what (`message`). */
export interface ConfigIssue {
  /** Path into the configuration object, e.g. `['topology', 'lpars', 0, 'gp']`. */
  path: (string | number)[];
  /** Human-readable description of the problem. */
  message: string;
}

/**
 * Thrown by {@link createSimulator} (and other validating entry points) when the configuration is invalid.
 * The message lists every problem with its path, e.g. `topology.lpars[0].gp: Too small: expected number to be >=1`.
 */
export class ConfigError extends RmfSimError {
  /** Every problem found, each with its path. */
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], options?: { cause?: unknown }) {
    super('ERR_RMF_CONFIG', `Invalid rmf-sim configuration:\n${issues.map((i) => `  - ${formatPath(i.path)}: ${i.message}`).join('\n')}`, options);
    this.name = 'ConfigError';
    this.issues = issues;
  }

  /**
   * The `ConfigError` of a failed zod validation: one {@link ConfigIssue} per zod issue, each path put after
   * `pathPrefix` (where the validated object sits in the caller's options), with the zod error as `cause`.
   *
   * @example
   * ```ts
   * const r = schema.safeParse(input.retry);
   * if (!r.success) throw ConfigError.fromZod(r.error, ['retry']); // "retry.maxAttempts: Too small: …"
   * ```
   */
  static fromZod(error: { readonly issues: readonly z.core.$ZodIssue[] }, pathPrefix: readonly (string | number)[] = []): ConfigError {
    const issues = error.issues.map((i) => ({ path: [...pathPrefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
    return new ConfigError(issues, { cause: error });
  }
}

/** Formats a config path the way a user writes it: `topology.lpars[0].gp`. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}
