/**
 * Usage texts of `rmf-sim serve` and `rmf-sim validate-config`, apart from the server so that the CLI loads the
 * server's dependencies only when one of these commands runs.
 * @module
 */

/** Environment variables `rmf-sim serve` reads, and where each goes. */
export const ENVIRONMENT: Record<string, string> = {
  RMF_SIM_CONFIG: 'the configuration file (like --config)',
  RMF_SIM_HOST: 'host',
  RMF_SIM_PORT: 'port',
  RMF_SIM_SEED: 'simulator.seed',
  RMF_SIM_TOPOLOGY_FILE: 'simulator.topologyFile',
  RMF_SIM_SPEED: 'live.speed',
  RMF_SIM_STORES: 'stores (URLs separated by spaces or commas)',
  RMF_SIM_API_KEYS: 'auth.apiKeys (id:key pairs separated by commas)',
  RMF_SIM_JWT_SECRET: 'auth.jwt.secret',
  RMF_SIM_JWT_PUBLIC_KEY_FILE: 'auth.jwt.publicKeyFile',
  RMF_SIM_JWT_ISSUER: 'auth.jwt.issuer',
  RMF_SIM_JWT_AUDIENCE: 'auth.jwt.audience',
  RMF_SIM_REDIS_URL: 'redis',
  RMF_SIM_LOG_LEVEL: 'log.level',
  RMF_SIM_TLS_CERT_FILE: 'tls.certFile',
  RMF_SIM_TLS_KEY_FILE: 'tls.keyFile',
};

const ENV_HELP = Object.entries(ENVIRONMENT)
  .map(([k, v]) => `  ${k.padEnd(28)}${v}`)
  .join('\n');

export const SERVE_USAGE = `Usage: rmf-sim serve [options]

Runs the reference server: REST API under /api/v1, OpenAPI at /openapi.json, docs at /docs,
Prometheus at /metrics, the live stream at /ws/metrics, probes /health /ready /startup.
Stops gracefully on Ctrl-C / SIGTERM (drains the stream, flushes the stores).

Options:
  --config FILE          configuration file (YAML or JSON); see the README for its fields
  --topology FILE        topology (YAML or JSON), checked by core's schema
  --store URL            a store, repeatable: memory:, mysql://user:pass@host:3306/db (also mariadb://)
  --host H               address to listen on (default 127.0.0.1; others need auth or --allow-unauthenticated)
  --port P               port (default 8000; 0 picks a free one)
  --seed N               seed (default 42)
  --speed X              live speed: simulated seconds per real second (default 1)
  --start ISO            simulated start of the live feed (default: now)
  --no-live              no live feed (queries, snapshots and /metrics still work)
  --naming N             Prometheus names: rmf (default), ibm or both
  --log-level L          fatal, error, warn, info (default), debug, trace, silent
  --allow-unauthenticated  listen on a non-loopback address without credentials
  -h, --help             show this help

Environment (flags win over the environment, which wins over the file):
${ENV_HELP}

Example:
  rmf-sim serve --store memory: --port 8000
`;

export const VALIDATE_USAGE = `Usage: rmf-sim validate-config [--config FILE] [--topology FILE] [--store URL]...

Checks a configuration as \`rmf-sim serve\` would read it (file, environment, flags): the fields, the topology
(core's schema), the scenario, store URLs, auth keys; opens nothing. Prints a summary and exits 0, or
one line per problem and exits 2.

Options: the same as rmf-sim serve; -h, --help shows this help.
`;

