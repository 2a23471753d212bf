/**
 * Module rules of design.md §9, checked by `npm run check:deps` (part of `npm test`).
 * Modules are the folders under src/; each may import only itself and the modules listed here.
 * The runtime components (dispatcher, jobmaster, resourcemanager, taskmanager, blob, rest) appear
 * in none of each other's lists: they talk through `protocol` gateways only. The Web UI (web/),
 * the benchmarks (bench/) and the examples (examples/) are checked too.
 */
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const RUNTIME_COMPONENTS = ['dispatcher', 'jobmaster', 'resourcemanager', 'taskmanager', 'blob', 'rest'];
const CLUSTER_SERVICES = ['common', 'protocol', 'rpc', 'ha', 'state', 'graph'];
const ALL_MODULES = [
  'common', 'api', 'protocol', 'graph', 'program', 'rpc', 'heartbeat', 'ha', 'state', 'checkpoint', 'network', 'operators',
  ...RUNTIME_COMPONENTS, 'client', 'minicluster', 'entrypoint',
];

/**
 * The assembly of a JobManager's and a TaskManager's components (entrypoint/*-components.ts):
 * the process mains and the mini cluster share it, so minicluster may import these files, and
 * they in turn may import neither minicluster nor the rest of entrypoint (that would be a cycle).
 */
const COMPONENT_ASSEMBLY = '^src/entrypoint/[^/]*-components\\.ts$';

/** Tests (*.test.ts) and the helpers only they use (test-*.ts). */
const TEST_CODE = '(\\.test|/test-[^/]*)\\.ts$';

/** module -> the other modules it may import. */
const ALLOWED = {
  common: [],
  api: ['common'],
  protocol: ['common'],
  graph: ['common', 'api', 'protocol'],
  program: ['common', 'api', 'graph', 'protocol'],
  rpc: ['common', 'protocol'],
  heartbeat: ['common', 'protocol'],
  ha: ['common', 'protocol', 'rpc'],
  state: ['common', 'protocol'],
  checkpoint: ['common', 'protocol'],
  network: ['common', 'api', 'protocol'],
  operators: ['common', 'api', 'graph', 'protocol', 'state', 'network'],
  blob: CLUSTER_SERVICES,
  resourcemanager: [...CLUSTER_SERVICES, 'heartbeat'],
  jobmaster: [...CLUSTER_SERVICES, 'heartbeat', 'checkpoint'],
  dispatcher: CLUSTER_SERVICES,
  taskmanager: ['common', 'protocol', 'rpc', 'heartbeat', 'network', 'operators', 'program', 'api', 'graph', 'state'],
  rest: ['common', 'protocol'],
  client: ['common', 'protocol', 'program'],
  minicluster: ALL_MODULES.filter((m) => !['entrypoint', 'rest', 'client'].includes(m)),
  entrypoint: ALL_MODULES,
};

// Every folder under src/ is a module with a rule: a new folder without one fails the check.
const folders = readdirSync(join(__dirname, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const unruled = folders.filter((f) => !(f in ALLOWED));
if (unruled.length > 0) throw new Error(`.dependency-cruiser.cjs: src/${unruled.join(', src/')} has no module rule: add it to ALLOWED (design.md §9)`);
const stale = Object.keys(ALLOWED).filter((m) => !folders.includes(m));
if (stale.length > 0) throw new Error(`.dependency-cruiser.cjs: ALLOWED names ${stale.join(', ')}, which is no folder under src/`);

// Guard the table itself, so an edit cannot quietly let one runtime component use another.
for (const component of RUNTIME_COMPONENTS) {
  const peers = ALLOWED[component].filter((m) => RUNTIME_COMPONENTS.includes(m));
  if (peers.length > 0) throw new Error(`.dependency-cruiser.cjs: runtime component ${component} may not import ${peers.join(', ')}`);
}

const moduleRules = Object.entries(ALLOWED).map(([module, allowed]) => ({
  name: `${module}-imports`,
  comment: `src/${module} may import only: ${allowed.length > 0 ? allowed.join(', ') : 'nothing else in src'} (design.md §9)`,
  severity: 'error',
  from: { path: `^src/${module}/` },
  to: { path: '^src/', pathNot: [`^src/(${[module, ...allowed].join('|')})/`, ...(module === 'minicluster' ? [COMPONENT_ASSEMBLY] : [])] },
}));

/** A rule for a folder outside src/ (`folder`/...): it may not import what `to` matches. */
function outsideRule(folder, comment, to) {
  return { name: `${folder}-imports`, comment, severity: 'error', from: { path: `^${folder}/` }, to };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...moduleRules,
    {
      name: 'component-assembly-imports',
      comment: 'The component assembly sits below the mini cluster and the process mains: it imports neither (see COMPONENT_ASSEMBLY).',
      severity: 'error',
      from: { path: COMPONENT_ASSEMBLY },
      to: { path: '^src/(minicluster|entrypoint)/', pathNot: COMPONENT_ASSEMBLY },
    },
    outsideRule('web', 'The Web UI is a REST client: from src/ it may import only the REST API types (src/rest/api-types.ts).', { path: '^src/', pathNot: '^src/rest/api-types\\.ts$' }),
    outsideRule('examples', "Examples are user programs: they import the public API as users do ('sluice'), never src/ or dist/.", { path: '^(src|dist)/' }),
    outsideRule('bench', "Benchmarks drive the cluster from outside (processes, REST, the 'sluice' package); from src/ they may read only common/ (configuration keys).", { path: '^src/', pathNot: '^src/common/' }),
    {
      name: 'no-circular',
      comment: 'Circular imports make module initialisation order fragile (type-only imports vanish at run time, so they may form cycles).',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-test-imports',
      comment: 'Production code must not import tests or their helpers (test-*.ts, which the build leaves out).',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'no-unresolvable',
      comment: "An import that cannot be resolved would hide a broken module edge from these rules. ('sluice' is the package's own name, which Node resolves through package.json exports to the built public API.)",
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^sluice$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: a type from another module is still a dependency on it.
    tsPreCompilationDeps: true,
  },
};
