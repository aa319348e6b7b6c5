/** Usage texts of `rmf-sim`. */

export const MAIN_USAGE = `rmf-sim: simulated IBM z/OS RMF Monitor III performance data

Usage:
  rmf-sim generate --seed N --from ISO --to ISO [options]   write historical samples (NDJSON or CSV)
  rmf-sim live [options]                                   print one summary line per interval, in real time
  rmf-sim serve [options]                                  run the reference server (REST, /metrics, WebSocket, docs)
  rmf-sim dds [options]                                    run the RMF Distributed Data Server emulation (port 8803)
  rmf-sim validate-config [options]                        check a server configuration and exit
  rmf-sim help [command]                                   show help (also: rmf-sim <command> --help)
  rmf-sim --version                                        print the version

Exit codes: 0 success (also Ctrl-C in live, closed pipe), 1 unexpected error,
            2 usage error (bad flag or value, invalid configuration),
            130 generate interrupted by Ctrl-C or SIGTERM (an incomplete --out file is removed).

Instants are ISO-8601 date-times with a zone, from 1970-01-01T00:00:00Z to 2199-12-31T23:59:59.999Z.

Examples:
  rmf-sim generate --seed 42 --from 2026-01-05T00:00:00Z --to 2026-01-05T01:00:00Z > hour.ndjson
  rmf-sim live --seed 42 --speed 15
  rmf-sim serve --store memory: --port 8000
  rmf-sim dds --port 8803
`;

export const GENERATE_USAGE = `Usage: rmf-sim generate --seed N --from ISO --to ISO [options]

Writes one sample per line for every interval ending in (from, to].

Options:
  --seed N          seed (required); an integer is a numeric seed, anything else a string seed
  --from ISO        start of the range, exclusive, e.g. 2026-01-05T00:00:00Z (required)
  --to ISO          end of the range, inclusive, e.g. 2026-01-05T01:00:00Z (required)
  --shard i/n       only shard i of n (0 <= i < n); the shards together give the full output
  -f, --format F    ndjson (default) or csv
  -o, --out FILE    write to FILE instead of stdout (with a progress bar when stderr is a terminal);
                    interrupted (Ctrl-C, SIGTERM), the incomplete FILE is removed and the exit code is 130
  --interval S      RMF interval in seconds (default 15)
  -h, --help        show this help

NDJSON line:
  {"timestamp":"2026-01-05T00:00:15.000Z","metric":"rmf_cpu_utilization_percent","labels":{"sysplex":"SYSPLEX01","lpar":"PROD01","cpu_type":"general_purpose"},"value":14.82507255809514}
CSV (header first; labels k=v;k=v, RFC 4180 quoting):
  timestamp,metric,labels,value
  2026-01-05T00:00:15.000Z,rmf_cpu_utilization_percent,sysplex=SYSPLEX01;lpar=PROD01;cpu_type=general_purpose,14.82507255809514

Example:
  rmf-sim generate --seed 42 --from 2026-01-05T00:00:00Z --to 2026-01-05T00:01:00Z --format csv --out minute.csv
`;

export const LIVE_USAGE = `Usage: rmf-sim live [options]

Runs the simulator against the wall clock and prints one summary line per interval until
Ctrl-C / SIGTERM (exit 0) or --count intervals.

Options:
  --seed N          seed (default 42); an integer is a numeric seed, anything else a string seed
  --speed X         simulated seconds per real second (default 15: one 15 s interval per second)
  --interval S      RMF interval in seconds (default 15)
  --shard i/n       only shard i of n (0 <= i < n)
  --start ISO       simulated start instant (default: now)
  --count N         stop after N intervals
  --metrics-port P  also serve the current interval at http://HOST:P/metrics for Prometheus
                    (text 0.0.4 or OpenMetrics; 0 picks a free port; a busy port is reported and skipped)
  --metrics-host H  address for --metrics-port (default 127.0.0.1; 0.0.0.0 to be scraped from elsewhere)
  -h, --help        show this help

Example:
  rmf-sim live --seed 42 --speed 60 --count 10
  rmf-sim live --metrics-port 9464
`;
