import { packageConfig } from '../../tsup.config.base';

// splitting: the CLI's server commands are a chunk of their own, loaded (with Fastify and the rest) only when they run
export default packageConfig({ index: 'src/index.ts', cli: 'src/cli.ts' }, { splitting: true });
