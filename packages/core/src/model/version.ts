/** Version of the generation algorithm. Any change of output for a given seed bumps it (a breaking change). */
export const MODEL_VERSION = 7;
