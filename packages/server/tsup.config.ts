import { packageConfig } from '../../tsup.config.base';

// splitting: the CLI's server commands are a chunk of their own, loaded (with Fastify and the rest) only when they run;
// generate-worker: the script of generate's worker threads, found beside the chunk that starts them
export default packageConfig({ index: 'src/index.ts', cli: 'src/cli.ts', 'generate-worker': 'src/generate-worker.ts' }, { splitting: true });
