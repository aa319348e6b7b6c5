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
  RMF_SIM_DDS_PORT: 'dds.port',
  RMF_SIM_DDS_USERS: 'dds.users (NAME:PASSWORD pairs separated by commas)',
};

const ENV_HELP = Object.entries(ENVIRONMENT)
  .map(([k, v]) => `  ${k.padEnd(28)}${v}`)
  .join('\n');

export const SERVE_USAGE = `Usage: rmf-sim serve [options]

Runs the reference server: REST API under /api/v1, OpenAPI at /openapi.json, docs at /docs,
Prometheus at /metrics, the live stream at /ws/metrics, probes /health /ready /startup, and the
RMF Distributed Data Server emulation at /gpm/… and /metrics/m3 (for Zowe, IBM's RMF Grafana data source).
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
  --no-dds               no DDS emulation on the server's listener
  --dds-port P           also serve the DDS on a port of its own, as a real DDS (8803; 0 picks a free one)
  --dds-user NAME:PASS   a basic-auth user the DDS asks for (repeatable; default: no authentication)
  --mintime S            DDS MINTIME in seconds, a multiple of the interval (default 60)
  --time-zone TZ         DDS local time zone: IANA name, UTC, +hh:mm (default the simulator's offset)
  --latency MS           milliseconds every DDS answer waits (default 0)
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


export const DDS_USAGE = `Usage: rmf-sim dds [options]

Runs the RMF Distributed Data Server emulation alone, as a real GPMSERVE: /gpm/root, /gpm/index,
/gpm/contained, /gpm/listmetrics, /gpm/perform, /gpm/rmfm3, /gpm/filterinst (each also .xml, XML or JSON by
Accept), /gpm/include/reptrans.xsl and /metrics/m3. Zowe, IBM's RMF Grafana data source and RMF PM connect to it.
Reads the same configuration as rmf-sim serve (its simulator and dds sections). Stops on Ctrl-C / SIGTERM.

Options:
  --config FILE          configuration file (YAML or JSON), as for rmf-sim serve
  --topology FILE        topology (YAML or JSON), checked by core's schema
  --seed N               seed (default 42)
  --host H               address (default 127.0.0.1; others need --user or --allow-unauthenticated)
  --port P               port (default 8803; 0 picks a free one)
  --user NAME:PASS       a basic-auth user (repeatable; default: no authentication)
  --mintime S            MINTIME in seconds, a multiple of the simulator's interval (default 60)
  --time-zone TZ         local time zone: IANA name, UTC, +hh:mm (default the simulator's offset)
  --latency MS           milliseconds every answer waits (default 0)
  --allow-unauthenticated  serve a non-loopback address without users
  -h, --help             show this help

Example:
  rmf-sim dds --port 8803 --user ibmuser:secret
  curl -u ibmuser:secret 'http://127.0.0.1:8803/gpm/rmfm3.xml?resource=,PROD01,MVS_IMAGE&report=CPC'
`;
