// The one-way layers of DESIGN.md ("Layout"): lro → odata → http, every layer may use errors, and
// nothing imports upward or in a circle. `npm run lint:layers` checks it; CI runs it.
// errors/ may name the types of the values its errors carry (an update, an OData error): a
// type-only import, erased from the build, so it is no run-time dependency.
const layer = (name) => `^lib/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle between modules makes the load order matter and the layers meaningless.',
      from: { path: '^lib/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'http-knows-no-odata',
      severity: 'error',
      comment: 'http/ is the transport layer: it knows nothing of OData, polling or adapters.',
      from: { path: layer('http') },
      to: { path: [layer('odata'), layer('lro'), layer('angular'), layer('testing'), '^lib/index\\.ts$'] },
    },
    {
      name: 'odata-knows-no-polling',
      severity: 'error',
      comment: 'odata/ is the client session and the calls: it knows nothing of polling or adapters.',
      from: { path: layer('odata') },
      to: { path: [layer('lro'), layer('angular'), layer('testing'), '^lib/index\\.ts$'] },
    },
    {
      name: 'lro-knows-no-adapter',
      severity: 'error',
      comment: 'lro/ polls through the session it is given: no adapter, no test server.',
      from: { path: layer('lro') },
      to: { path: [layer('angular'), layer('testing'), '^lib/index\\.ts$'] },
    },
    {
      name: 'errors-at-the-bottom',
      severity: 'error',
      comment: 'errors/ is below every layer; it may name the types its errors carry, nothing at run time.',
      from: { path: layer('errors') },
      to: { path: '^lib/(?!errors/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'generic-engine-imports-no-vendor',
      severity: 'error',
      comment: 'The poll engine is generic over a MonitorDialect: only the dialect modules know a vendor.',
      from: { path: '^lib/lro/', pathNot: ['^lib/lro/dialects/', '^lib/lro/default-dialects\\.ts$'] },
      to: { path: '^lib/lro/dialects/(?!monitor-dialect|shared/)' },
    },
    {
      name: 'node-only-stays-apart',
      severity: 'error',
      comment: 'lib/node uses node:fs: only its own subpath (rxjs-odata-async/node) may load it, so no browser bundle reaches it.',
      from: { path: '^lib/(?!node/)' },
      to: { path: '^lib/node/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^lib/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
