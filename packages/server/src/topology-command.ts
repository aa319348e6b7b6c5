/**
 * `rmf-sim topology`: print a documented example topology, or check a topology (and scenario) file.
 * @module
 */
import { parseArgs } from 'node:util';
import { estimateSeriesCount } from '@rmf-sim/core';
import type { CommandContext } from './context.js';
import { ExitCode, UsageError } from './errors.js';
import { TOPOLOGY_USAGE } from './help.js';
import { topologyExample } from './topology-example.js';
import { loadTopologyFile, simulatorFromFiles } from './topology-file.js';

/** Runs `rmf-sim topology` with the arguments after the command name. */
export async function runTopology(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      example: { type: 'boolean' },
      check: { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await ctx.out.write(TOPOLOGY_USAGE);
    return ExitCode.OK;
  }
  if (values.example && values.check !== undefined) throw new UsageError('topology: give --example or --check FILE, not both');
  if (values.example) {
    if (values.scenario !== undefined) throw new UsageError('--scenario: only with --check FILE');
    await ctx.out.write(topologyExample());
    return ExitCode.OK;
  }
  if (values.check === undefined) throw new UsageError('topology: missing --example or --check FILE; see rmf-sim topology --help');
  const topology = loadTopologyFile(values.check, ctx.cwd);
  // the scenario's targets (LPARs, CLPRs, volumes …) are checked against this topology by building the simulator
  const sim = simulatorFromFiles({ seed: 1 }, { topologyFile: values.check, ...(values.scenario !== undefined ? { scenarioFile: values.scenario } : {}), cwd: ctx.cwd });
  const volumes = topology.volumeGroups.reduce((n, g) => n + g.count, 0);
  const parts = [
    `${values.check}: valid`,
    `sysplex ${topology.sysplex}`,
    `${topology.lpars.length} LPAR${topology.lpars.length === 1 ? '' : 's'} (${topology.lpars.map((l) => l.name).join(', ')})`,
    `${topology.serviceClasses.length} service classes`,
    `${volumes} volumes`,
    `${topology.couplingFacilities.length} CF`,
    `${estimateSeriesCount(topology).toLocaleString('en-US')} series per interval`,
    ...(values.scenario !== undefined ? [`scenario ${values.scenario}: ${sim.incidents().length} incidents`] : []),
  ];
  await ctx.out.write(`${parts.join('  ')}\n`);
  return ExitCode.OK;
}
