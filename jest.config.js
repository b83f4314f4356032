/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    // Transpiling only: tsconfig.json's `isolatedModules: true` makes ts-jest 29 compile each file on
    // its own (transpileModule), without a type check per file; `npm test` runs `tsc --noEmit` once first.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // Angular ships ES modules only (spec/angular): esbuild turns them into CommonJS for jest.
    '^.+/node_modules/@angular/.+\\.mjs$': '<rootDir>/spec/angular/support/esm-to-commonjs.cjs',
  },
  transformIgnorePatterns: ['/node_modules/(?!@angular/)', '\\.pnp\\.[^\\/]+$'],
  // Sources import siblings with the `.js` extension that Node ESM needs; jest resolves the `.ts` file.
  // The package's own name resolves to the sources, so examples read exactly as users write them.
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^rxjs-odata-async$': '<rootDir>/lib/index.ts',
    '^rxjs-odata-async/testing$': '<rootDir>/lib/testing/index.ts',
    '^rxjs-odata-async/angular$': '<rootDir>/lib/angular/index.ts',
    '^rxjs-odata-async/node$': '<rootDir>/lib/node/index.ts',
  },
  collectCoverageFrom: ['lib/**/*.ts'],
  coverageThreshold: { global: { lines: 90, branches: 90 } },
  collectCoverage: true,
  coverageReporters: ['text-summary', 'lcov'],
};
