/**
 * Authentication: API keys (`x-api-key` or `Authorization: ApiKey …`) and JWT bearer tokens (HS256 with a shared
 * secret, RS256 with a public key; `alg: none` and algorithm confusion refused; issuer, audience and expiry checked),
 * required per route group. Verification by `jose`; keys compared in constant time.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError, type ConfigIssue } from '@rmf-sim/core';
import { errors as joseErrors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload, type KeyObject } from 'jose';
import { HttpProblem } from './problem.js';

/** The route groups auth is configured for. Probes (`/health`, `/ready`, `/startup`) are always open. */
export const ROUTE_GROUPS = ['api', 'admin', 'stream', 'metrics', 'docs', 'dds'] as const;
/** A route group: `api` (REST reads and the predecessor's aliases), `admin` (POST: incidents, clean-up, backup, export), `stream` (/ws/metrics), `metrics` (/metrics), `docs` (/docs, /openapi.json), `dds` (the DDS emulation). */
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

/**
 * One API key: give the key itself or its SHA-256 (hex), so that configuration files need not hold it.
 *
 * @example
 * ```ts
 * const keys: ApiKeyOptions[] = [{ id: 'grafana', sha256: 'b5bb9d80…' }, { id: 'ci', key: process.env.CI_KEY! }];
 * ```
 */
export interface ApiKeyOptions {
  /** Who it is (logs, rate limits). */
  id: string;
  /** The key (at least 16 characters). */
  key?: string;
  /** Or the SHA-256 of the key, 64 hex digits. */
  sha256?: string;
}

/**
 * JWT verification. Give `secret` (HS256), `publicKey` (RS256) or both; a token's `alg` must match a configured key.
 *
 * @example
 * ```ts
 * const jwt: JwtOptions = { publicKey: readFileSync('issuer.pub.pem', 'utf8'), issuer: 'https://login.example.com/', audience: 'rmf-sim' };
 * ```
 */
export interface JwtOptions {
  /** HS256 shared secret (at least 32 bytes). */
  secret?: string;
  /** RS256 public key, PEM (`-----BEGIN PUBLIC KEY-----`). */
  publicKey?: string;
  /** Accepted `iss`; unchecked when omitted. */
  issuer?: string | string[];
  /** Accepted `aud`; unchecked when omitted. */
  audience?: string | string[];
  /** Leeway for `exp`/`nbf`, seconds. @default 30 */
  clockToleranceSeconds?: number;
  /** Refuse tokens without `exp`. @default true */
  requireExpiry?: boolean;
}

/**
 * Options of the server's `auth`.
 *
 * @example
 * ```ts
 * const auth: AuthOptions = { apiKeys: [{ id: 'ops', key: process.env.RMF_KEY! }], groups: { docs: 'open', metrics: 'open' } };
 * ```
 */
export interface AuthOptions {
  /** API keys. @default [] */
  apiKeys?: ApiKeyOptions[];
  /** JWT bearer tokens. @default none */
  jwt?: JwtOptions;
  /**
   * Which groups need credentials. With keys or JWT configured every group but `docs` requires them unless set
   * to `'open'` here; without credentials everything is open.
   * @default { api: 'required', admin: 'required', stream: 'required', metrics: 'required', docs: 'open', dds: 'required' }
   */
  groups?: Partial<Record<RouteGroup, 'open' | 'required'>>;
}

/** Who made a request. */
export interface Principal {
  kind: 'apiKey' | 'jwt';
  /** The key's id, or the token's `sub`. */
  id: string;
  claims?: JWTPayload;
}

/** Checks credentials of requests. */
export interface Authenticator {
  /** Whether any credential is configured. */
  readonly enabled: boolean;
  /** Whether the group needs credentials. */
  requires(group: RouteGroup): boolean;
  /**
   * The principal of a request's credentials; `undefined` when it carries none. Throws a 401 {@link HttpProblem}
   * for a bad one (with a `WWW-Authenticate` header).
   */
  authenticate(headers: Record<string, string | string[] | undefined>, query?: Record<string, unknown>): Promise<Principal | undefined>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

function unauthorized(detail: string, error = 'invalid_token'): HttpProblem {
  return new HttpProblem(401, detail, {}, { 'www-authenticate': `Bearer realm="rmf-sim", error="${error}", error_description="${detail.replace(/"/g, "'")}"` });
}

/** Validates auth options; throws `ConfigError` with paths under `auth`. */
function check(o: AuthOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const ids = new Set<string>();
  (o.apiKeys ?? []).forEach((k, i) => {
    const at = ['auth', 'apiKeys', i];
    if (!k || typeof k.id !== 'string' || k.id === '') issues.push({ path: [...at, 'id'], message: 'every API key needs an id' });
    else if (ids.has(k.id)) issues.push({ path: [...at, 'id'], message: `duplicate API key id ${k.id}` });
    else ids.add(k.id);
    if ((k.key === undefined) === (k.sha256 === undefined)) issues.push({ path: at, message: 'give either key or sha256' });
    if (k.key !== undefined && (typeof k.key !== 'string' || k.key.length < 16)) issues.push({ path: [...at, 'key'], message: 'an API key has at least 16 characters' });
    if (k.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(k.sha256)) issues.push({ path: [...at, 'sha256'], message: 'sha256 is 64 hex digits' });
  });
  const j = o.jwt;
  if (j) {
    if (!j.secret && !j.publicKey) issues.push({ path: ['auth', 'jwt'], message: 'give secret (HS256) or publicKey (RS256)' });
    if (j.secret !== undefined && Buffer.byteLength(j.secret) < 32) issues.push({ path: ['auth', 'jwt', 'secret'], message: 'an HS256 secret has at least 32 bytes' });
    if (j.publicKey !== undefined && !/-----BEGIN PUBLIC KEY-----/.test(j.publicKey)) issues.push({ path: ['auth', 'jwt', 'publicKey'], message: 'publicKey is a PEM SPKI public key (-----BEGIN PUBLIC KEY-----)' });
  }
  for (const [g, v] of Object.entries(o.groups ?? {})) {
    if (!(ROUTE_GROUPS as readonly string[]).includes(g)) issues.push({ path: ['auth', 'groups', g], message: `unknown route group (groups: ${ROUTE_GROUPS.join(', ')})` });
    else if (v !== 'open' && v !== 'required') issues.push({ path: ['auth', 'groups', g], message: "expected 'open' or 'required'" });
  }
  return issues;
}

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Creates an {@link Authenticator}. Validates the options (`ConfigError`) and imports the RS256 key.
 *
 * @example
 * ```ts
 * const auth = await createAuthenticator({ jwt: { secret: process.env.JWT_SECRET!, audience: 'rmf-sim' } });
 * const who = await auth.authenticate({ authorization: `Bearer ${token}` });
 * ```
 */
export async function createAuthenticator(options: AuthOptions = {}): Promise<Authenticator> {
  const issues = check(options);
  if (issues.length) throw new ConfigError(issues);
  const keys = (options.apiKeys ?? []).map((k) => ({ id: k.id, digest: k.key !== undefined ? sha256(k.key) : Buffer.from(k.sha256!, 'hex') }));
  const jwt = options.jwt;
  const hsKey = jwt?.secret ? new TextEncoder().encode(jwt.secret) : undefined;
  let rsKey: CryptoKey | KeyObject | undefined;
  if (jwt?.publicKey) {
    try {
      rsKey = await importSPKI(jwt.publicKey, 'RS256');
    } catch (e) {
      throw new ConfigError([{ path: ['auth', 'jwt', 'publicKey'], message: `not an RSA public key: ${(e as Error).message}` }]);
    }
  }
  const algorithms = [...(hsKey ? ['HS256'] : []), ...(rsKey ? ['RS256'] : [])];
  const enabled = keys.length > 0 || algorithms.length > 0;
  const groups: Record<RouteGroup, 'open' | 'required'> = { api: 'required', admin: 'required', stream: 'required', metrics: 'required', docs: 'open', dds: 'required', ...options.groups };

  const checkKey = (presented: string): Principal => {
    const d = sha256(presented);
    // compare against every key (constant time each) so that timing does not tell which one nearly matched
    let found: string | undefined;
    for (const k of keys) if (timingSafeEqual(d, k.digest)) found ??= k.id;
    if (!found) throw unauthorized('the API key is not valid', 'invalid_token');
    return { kind: 'apiKey', id: found };
  };

  const checkJwt = async (token: string): Promise<Principal> => {
    if (algorithms.length === 0) throw unauthorized('bearer tokens are not accepted by this server; use an API key (x-api-key)');
    try {
      const { payload } = await jwtVerify(
        token,
        // the key follows the token's alg only among the configured ones: an HS256 token is never checked with the RSA key
        (h) => {
          if (h.alg === 'HS256' && hsKey) return hsKey;
          if (h.alg === 'RS256' && rsKey) return rsKey;
          throw new joseErrors.JOSEAlgNotAllowed(`alg ${h.alg} is not accepted`);
        },
        {
          algorithms,
          ...(jwt?.issuer !== undefined ? { issuer: jwt.issuer } : {}),
          ...(jwt?.audience !== undefined ? { audience: jwt.audience } : {}),
          clockTolerance: jwt?.clockToleranceSeconds ?? 30,
          ...(jwt?.requireExpiry === false ? {} : { requiredClaims: ['exp'] }),
        },
      );
      return { kind: 'jwt', id: typeof payload.sub === 'string' ? payload.sub : 'jwt', claims: payload };
    } catch (e) {
      throw unauthorized(jwtMessage(e));
    }
  };

  return {
    enabled,
    requires: (group) => enabled && groups[group] === 'required',
    async authenticate(headers, query) {
      const apiKey = header(headers, 'x-api-key') ?? (typeof query?.api_key === 'string' ? query.api_key : undefined);
      const authz = header(headers, 'authorization');
      if (authz !== undefined) {
        const m = /^(\S+)\s+(\S+)$/.exec(authz.trim());
        if (!m) throw unauthorized('malformed Authorization header: expected "Bearer <token>" or "ApiKey <key>"', 'invalid_request');
        const scheme = m[1]!.toLowerCase();
        if (scheme === 'bearer') return checkJwt(m[2]!);
        if (scheme === 'apikey') return checkKey(m[2]!);
        throw unauthorized(`unsupported authorization scheme ${m[1]}: use Bearer or ApiKey`, 'invalid_request');
      }
      if (apiKey !== undefined) return checkKey(apiKey);
      const token = typeof query?.access_token === 'string' ? query.access_token : undefined;
      if (token !== undefined) return checkJwt(token);
      return undefined;
    },
  };
}

function jwtMessage(e: unknown): string {
  const code = (e as { code?: string }).code;
  const claim = (e as { claim?: string }).claim;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'the token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claim === 'aud' ? 'the token is not for this audience' : claim === 'iss' ? 'the token is from an issuer this server does not accept' : claim === 'exp' ? 'the token has no expiry (exp)' : `the token's ${claim ?? 'claims'} claim is not valid`;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the token signature is not valid';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'the token is signed with an algorithm this server does not accept';
    case 'ERR_JWT_INVALID':
    case 'ERR_JWS_INVALID':
      return 'the token is malformed';
    default:
      return 'the token is not valid';
  }
}
