// Lint: typescript-eslint's strict type-checked rules, RxJS rules for the operators (no leaked
// subscriptions, no nested subscribes), eslint-plugin-regexp for every regular expression (no
// pattern that backtracks on server text: a crafted body once froze the event loop); Prettier
// owns the layout.
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import rxjs from 'eslint-plugin-rxjs-x';
import tseslint from 'typescript-eslint';

const typeScript = ['**/*.ts'];

/**
 * What a browser app ships (DESIGN.md "Packaging"): imports that would put a peer's CommonJS copy,
 * the Node cookie jar, axios or the client's session into bundles that do not need them. Each layer
 * gets the peer rule plus its own; type-only imports are erased, so they are allowed.
 */
const PEER_SUBPATHS = {
  group: ['fp-ts/*', 'io-ts/*'],
  message:
    "Import 'io-ts' by name, and fp-ts types from 'fp-ts' (Either helpers: lib/http/either.ts): fp-ts/lib and io-ts/lib are CommonJS (a second copy in every bundle), their folders (fp-ts/Either) fail in Node's ES module loader.",
};
const COOKIE_JAR = {
  group: ['**/http/cookie-jar.js'],
  allowTypeImports: true,
  message:
    'Only the Node createODataClient (odata/odata-client.ts) and the Node provideODataClient (angular/provide-odata-client.ts) may load the Node cookie jar: the browser entries (index.browser.ts) must not reach tough-cookie.',
};
const CLIENT_WITH_AXIOS = {
  group: ['**/odata/odata-client.js', '**/http/axios-transport.js'],
  allowTypeImports: true,
  message: 'The Angular adapter brings its own transport: build the client with buildODataClient (odata/build-client.js), so that no axios ships.',
};
const CLIENT_SESSION = {
  group: ['**/odata/odata-client.js', '**/odata/build-client.js', '**/odata/service-http.js', '**/odata/csrf.js', '**/http/axios-transport.js'],
  allowTypeImports: true,
  message: "The poll engine uses the client it is given: importing the client's session (CSRF, cookies, axios) puts it into every asyncOp$ bundle.",
};
const restrictImports = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

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
  { files: ['lib/**/*.ts'], rules: restrictImports(PEER_SUBPATHS) },
  { files: ['lib/odata/**/*.ts'], ignores: ['lib/odata/odata-client.ts'], rules: restrictImports(PEER_SUBPATHS, COOKIE_JAR) },
  { files: ['lib/lro/**/*.ts'], rules: restrictImports(PEER_SUBPATHS, COOKIE_JAR, CLIENT_SESSION) },
  { files: ['lib/angular/**/*.ts'], ignores: ['lib/angular/provide-odata-client.ts'], rules: restrictImports(PEER_SUBPATHS, COOKIE_JAR, CLIENT_WITH_AXIOS) },
  { files: ['lib/angular/provide-odata-client.ts'], rules: restrictImports(PEER_SUBPATHS, CLIENT_WITH_AXIOS) },
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
