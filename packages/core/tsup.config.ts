import { packageConfig } from '../../tsup.config.base';

export default packageConfig({ index: 'src/index.ts', 'system-clock': 'runtime/system-clock.ts' });
