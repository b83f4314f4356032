// Lint: typescript-eslint's strict type-checked rules, RxJS rules for the operators (no leaked
// subscriptions, no nested subscribes), eslint-plugin-regexp for every regular expression (no
// pattern that backtracks on server text: a crafted body once froze the event loop); Prettier
// owns the layout.
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import rxjs from 'eslint-plugin-rxjs-x';
import tseslint from 'typescript-eslint';

const typeScript = ['**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'docs/**', 'node_modules/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: typeScript })),
  { ...rxjs.configs.recommended, files: typeScript },
  // Every file, none exempt, no rule of it turned off. `no-super-linear-move` is not in the
  // recommended set: it catches a pattern that is linear once but quadratic when `.test()`
  // retries it at each position of a long string.
  regexp.configs['flat/recommended'],
  { rules: { 'regexp/no-super-linear-move': 'error' } },
  {
    files: typeScript,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Options and configs are checked at run time for plain-JavaScript callers (and values
      // from configuration files): conditions that the types call impossible are the point.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Tests, benchmarks and stories poke at internals and fakes on purpose.
    files: ['spec/**/*.ts', 'bench/**/*.ts', 'stories/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      'rxjs-x/no-ignored-subscription': 'off',
    },
  },
  {
    // Specs also feed the library what its types forbid, throw non-Errors, and schedule
    // subscriptions inside marble callbacks: that is what they test.
    files: ['spec/**/*.ts'],
    rules: {
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': { descriptionFormat: '^:? .{3,}$' } }],
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-misused-spread': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/require-await': 'off',
      'rxjs-x/no-nested-subscribe': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
);
