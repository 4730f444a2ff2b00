// Import direction. Learnt from Perfetto's UI (google/perfetto, tools/check_imports): layers with one direction,
// checked by a tool, every rule saying why. lib/ is pure and imports nothing outside itself;
// server/ may use lib/; components/ may use lib/ but never server/; app/ wires them together.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Any path into a layer, however many `../` it takes or through the `@/` alias.
const SERVER = ['@/server/**', '**/server/**'];
const APP = ['@/app/**', '**/app/**'];
const COMPONENTS = ['@/components/**', '**/components/**'];
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'http',
  'https',
  'net',
  'zlib',
  'stream',
  'os',
  'child_process',
  'crypto',
];
/** One folder of server/, from anywhere: `../hub/hub`, `../../hub/x`, `@/server/hub/hub`. */
const layer = (folder) => [`@/server/${folder}/**`, `**/server/${folder}/**`, `../${folder}/**`, `../../${folder}/**`];

const NODE_ONLY = {
  group: [...COMPONENTS, ...APP, 'react', 'react-dom'],
  message: 'server/ is Node-only: it may import lib/, never components/ or app/.',
};
const KUBE_CLIENT = {
  group: ['@kubernetes/client-node'],
  message: 'Only server/kube imports @kubernetes/client-node: use its normalized observations.',
};
// The store (server/store) is the one owner of stored data; from outside it, only its interface: the store
// itself, its live adapter (live-recorder.ts), its configuration, its routes and test helpers. Everything else there is SQL.
const STORE_INTERFACE = {
  regex:
    '^(?:@/server/|(?:\\.\\./)+(?:server/)?)store/(?!(?:store|live-recorder|config|routes|testing/lines|testing/runtime-stub|testing/sql)$)',
  message:
    'Outside server/store, use its interface (store.ts RecordingStore, live-recorder.ts, config.ts, routes.ts): its other files are SQL and materialisation, owned by the store alone.',
};
const SQL_OUTSIDE_STORE = {
  group: ['better-sqlite3'],
  message: 'Only server/store opens the SQLite file: go through RecordingStore.',
};
const STORE_TEST_SQL = {
  group: ['**/store/testing/sql'],
  message: "server/store/testing/sql.ts reaches past the store's interface: tests only.",
};

export default tseslint.config(
  {
    ignores: ['.next/**', 'node_modules/**', 'fixtures/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...SERVER, ...APP, ...COMPONENTS], message: 'lib/ is pure domain logic: it imports only lib/.' },
            {
              group: ['react', 'react-dom', 'next', 'next/*', '@kubernetes/*', ...nodeBuiltins],
              message: 'lib/ has no I/O, no React, no Node: keep it isomorphic.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests under lib/ may read fixture files from disk (and gunzip them); the code they test stays pure, and
    // they still never reach into server/, app/ or components/.
    files: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...SERVER, ...APP, ...COMPONENTS], message: 'lib/ is pure domain logic: it imports only lib/.' },
            {
              group: [
                'react',
                'react-dom',
                'next',
                'next/*',
                '@kubernetes/*',
                ...nodeBuiltins,
                '!node:fs',
                '!node:path',
                '!node:url',
                '!node:zlib',
              ],
              message: 'lib/ tests may read fixtures (node:fs, node:path, node:url, node:zlib), nothing else of Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...SERVER, '@kubernetes/*'],
              message: 'components/ runs in the browser: it may import lib/, never server/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NODE_ONLY] }],
    },
  },
  {
    // server/kube is the one adapter to the Kubernetes client library; everything else gets normalized API JSON
    // from it. Tests of the simulated apiserver may still use the real client as an independent peer.
    files: ['server/**/*.{ts,tsx}'],
    ignores: ['server/kube/**', 'server/store/**', 'server/hub/**', 'server/sse/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NODE_ONLY, KUBE_CLIENT, STORE_INTERFACE, SQL_OUTSIDE_STORE, STORE_TEST_SQL] },
      ],
    },
  },
  {
    // Tests outside the store may look at its rows, through the one test helper, never by opening the file.
    files: ['server/**/*.test.ts'],
    ignores: ['server/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NODE_ONLY, STORE_INTERFACE, SQL_OUTSIDE_STORE] }],
    },
  },
  {
    files: ['server/kube/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NODE_ONLY,
            SQL_OUTSIDE_STORE,
            {
              group: [...layer('store'), ...layer('hub'), ...layer('live'), ...layer('sse'), ...layer('metrics')],
              message:
                'server/kube is the adapter to the API server: it hands out normalized observations (a sink, callbacks) and knows nothing of what consumes them (store, hub, live pipeline, SSE, metrics).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/store/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NODE_ONLY,
            KUBE_CLIENT,
            {
              group: [
                ...layer('live'),
                ...layer('hub'),
                ...layer('sse'),
                ...layer('metrics'),
                ...layer('cli'),
                ...layer('sim'),
              ],
              message:
                "server/store keeps what the live pipeline hands it (lines, the hub's reduced timelines) and answers queries: it is fed from above and never reaches up (server/live, hub, sse, metrics, cli, sim). Take what it needs as a parameter or a structural interface (routes.ts HistoryDeps, store.ts LiveTimelines).",
            },
            {
              group: ['**/store/testing/sql'],
              message: "server/store/testing/sql.ts reaches past the store's interface: tests only.",
            },
            {
              group: ['**/testing/temp-stores'],
              message: 'server/store/testing/temp-stores.ts registers vitest hooks and makes temp files: tests only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/hub/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NODE_ONLY,
            KUBE_CLIENT,
            {
              group: [...layer('store'), ...layer('live'), ...layer('sse'), ...layer('metrics'), ...layer('kube')],
              message:
                'server/hub is the one reducer of live observations: what consumes its timelines (store, SSE, metrics) subscribes to it (observe, subscribe); the hub names none of them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/sse/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NODE_ONLY,
            KUBE_CLIENT,
            {
              group: [...layer('store'), ...layer('live'), ...layer('kube')],
              message:
                "server/sse streams the hub's deltas to browsers: it reads the hub only, not the store, the watches or the live runtime.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs}', 'instrumentation.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@kubernetes/client-node'],
              message: 'Only server/kube imports @kubernetes/client-node: use its normalized observations.',
            },
          ],
        },
      ],
    },
  },
);
