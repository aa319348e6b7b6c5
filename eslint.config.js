import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const wallClockAndRandomness = [
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'core is deterministic: take randomness from the seed (noise.ts / seedrandom), never Math.random.' },
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'core never reads the wall clock: take time as an argument or from an injected Clock.' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core never reads the wall clock: new Date() needs an explicit instant.' },
  { selector: "CallExpression[callee.name='Date'][arguments.length=0]", message: 'core never reads the wall clock.' },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'core never reads the wall clock.' },
  { selector: "MemberExpression[object.name='process'][property.name='hrtime']", message: 'core never reads the wall clock.' },
  { selector: "BinaryExpression[operator='**'], AssignmentExpression[operator='**=']", message: 'core output must be bit-identical across Node.js versions: use ipow() from noise.ts, not ** (V8 pow differs between versions).' },
  { selector: "MemberExpression[object.name='Math'][property.name='pow']", message: 'core output must be bit-identical across Node.js versions: use ipow() from noise.ts, not Math.pow.' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', '.cache/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...wallClockAndRandomness],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'core has no timers: pace through the injected Clock.' },
        { name: 'setInterval', message: 'core has no timers: pace through the injected Clock.' },
        { name: 'setImmediate', message: 'core has no timers: pace through the injected Clock.' },
        { name: 'performance', message: 'core never reads the wall clock.' },
      ],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'net', 'http', 'https', 'timers', 'timers/*'], message: 'core does no I/O and uses no timers.' }] }],
    },
  },
);
