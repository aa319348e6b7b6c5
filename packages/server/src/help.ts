/** Usage texts of `rmf-sim`. */

export const MAIN_USAGE = `rmf-sim: simulated IBM z/OS RMF Monitor III performance data

Usage:
  rmf-sim generate --seed N --from ISO --to ISO [options]   write historical samples (NDJSON or CSV)
  rmf-sim backfill --from ISO --to ISO --store URL [options] write a historical range into stores (resumable)
  rmf-sim live [options]                                   print one summary line per interval, in real time
  rmf-sim topology --example | --check FILE                print a documented topology file, or check one
  rmf-sim serve [options]                                  run the reference server (REST, /metrics, WebSocket, docs)
  rmf-sim dds [options]                                    run the RMF Distributed Data Server emulation (port 8803)
  rmf-sim validate-config [options]                        check a server configuration and exit
  rmf-sim help [command]                                   show help (also: rmf-sim <command> --help)
  rmf-sim --version                                        print the version

Exit codes: 0 success (also Ctrl-C in live, closed pipe), 1 unexpected error,
            2 usage error (bad flag or value, invalid configuration),
            130 generate or backfill interrupted by Ctrl-C or SIGTERM (an incomplete --out file is removed;
                a backfill saves its checkpoints: the same command resumes it).

Instants are ISO-8601 date-times with a zone, from 1970-01-01T00:00:00Z to 2199-12-31T23:59:59.999Z.

Examples:
  rmf-sim generate --seed 42 --from 2026-01-05T00:00:00Z --to 2026-01-05T01:00:00Z > hour.ndjson
  rmf-sim backfill --from 2026-01-01T00:00:00Z --to 2026-02-01T00:00:00Z --store mysql://root@127.0.0.1:3306/rmf
  rmf-sim topology --example > sysplex.yaml
  rmf-sim live --seed 42 --speed 15 --topology sysplex.yaml
  rmf-sim serve --store memory: --port 8000
  rmf-sim dds --port 8803
`;

export const GENERATE_USAGE = `Usage: rmf-sim generate --seed N --from ISO --to ISO [options]

Writes one sample per line (NDJSON, CSV) or one row (Parquet) for every interval ending in (from, to].

Options:
  --seed N          seed (required); an integer is a numeric seed, anything else a string seed
  --from ISO        start of the range, exclusive, e.g. 2026-01-05T00:00:00Z (required)
  --to ISO          end of the range, inclusive, e.g. 2026-01-05T01:00:00Z (required)
  --shard i/n       only shard i of n (0 <= i < n); the shards together give the full output
  -f, --format F    ndjson (default), csv or parquet (parquet needs --out; written a row group at a time)
  -o, --out FILE    write to FILE instead of stdout (with a progress bar when stderr is a terminal);
                    interrupted (Ctrl-C, SIGTERM), the incomplete FILE is removed and the exit code is 130.
                    Parquet: FILE.parquet is one file, DIR/ (or an existing directory) one file per family
  --workers N       threads rendering NDJSON/CSV (default: cores - 1, at most 4, from a million lines on;
                    else 1); the same bytes whatever N
  --interval S      RMF interval in seconds (default 15)
  --topology FILE   your sysplex (YAML or JSON; see rmf-sim topology --example); default: the built-in one
  --scenario FILE   incidents (YAML or JSON list, e.g. [{type: cpuLoop, lpar: PROD01, start: …, durationMinutes: 30}])
  --to-store URL    write into stores instead (repeatable): the same as rmf-sim backfill --store URL
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
  --topology FILE   your sysplex (YAML or JSON; see rmf-sim topology --example)
  --scenario FILE   incidents (YAML or JSON list)
  -h, --help        show this help

Example:
  rmf-sim live --seed 42 --speed 60 --count 10
  rmf-sim live --metrics-port 9464
`;

export const BACKFILL_USAGE = `Usage: rmf-sim backfill --from ISO --to ISO --store URL [--store URL …] [options]

Writes every interval ending in (from, to] into each store, through the write pipeline (batches, retries with
backoff, back-pressure), as fast as the slowest store takes it. Resumable: each store keeps a checkpoint per shard
(MySQL/MariaDB: table rmf_sim_checkpoints; MongoDB: collection rmf_sim_checkpoints; other kinds: a file under
--checkpoint-dir; memory: none). Run the same command again after a crash, kill or Ctrl-C and it continues after
what each store holds; records are written by their key, so none is ever stored twice.

Options:
  --from ISO              start of the range, exclusive (required)
  --to ISO                end of the range, inclusive (required)
  --store URL             a store (repeatable): memory:, mysql://user:password@host:3306/db, mongodb://host:27017/db
                          (options in the query string, e.g. ?partitioning=daily, ?name=primary)
  --seed N                seed (default 42)
  --topology FILE         your sysplex (YAML or JSON; see rmf-sim topology --example)
  --scenario FILE         incidents (YAML or JSON list)
  --shard i/n             only shard i of n (0 <= i < n): run n processes, one per shard, into the same stores
  --interval S            RMF interval in seconds (default 15)
  --batch-intervals K     intervals per batch (default: about 20,000 records)
  --checkpoint-dir DIR    where file checkpoints go (default .rmf-sim/checkpoints)
  --restart               ignore a checkpoint of another backfill and begin again (stored records are replaced)
  --progress MODE         auto (default: a bar on a terminal, else lines), bar, lines, none
  --progress-every S      seconds between progress lines (default 10)
  --grace-seconds S       on Ctrl-C, time to finish the batches already cut (default 10)
  -h, --help              show this help

Exit codes: 0 done (or nothing left to do), 1 a store failed for good (checkpoints saved), 2 usage error (also
arguments that differ from a store's checkpoint), 130 interrupted (checkpoints saved).

Examples:
  rmf-sim backfill --from 2026-01-01T00:00:00Z --to 2026-01-08T00:00:00Z --store 'mysql://root@127.0.0.1:3306/rmf?partitioning=daily'
  rmf-sim backfill --from 2026-01-01T00:00:00Z --to 2026-01-02T00:00:00Z --topology sysplex.yaml --shard 0/4 --store mongodb://127.0.0.1:27017/rmf
`;

export const TOPOLOGY_USAGE = `Usage: rmf-sim topology --example
       rmf-sim topology --check FILE [--scenario FILE]

  --example          print a documented topology (the built-in sysplex) to start your own from
  --check FILE       validate a topology file (YAML or JSON) and print what it describes; with --scenario, also
                     check a scenario against it. Problems are reported with file:line:column and path, exit 2.
  -h, --help         show this help

Example:
  rmf-sim topology --example > sysplex.yaml && rmf-sim topology --check sysplex.yaml
`;
