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
const nodeBuiltins = ['node:*', 'fs', 'path', 'http', 'https', 'net', 'zlib', 'stream', 'os', 'child_process', 'crypto'];

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'fixtures/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
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
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...SERVER, ...APP, ...COMPONENTS], message: 'lib/ is pure domain logic: it imports only lib/.' },
          { group: ['react', 'react-dom', 'next', 'next/*', '@kubernetes/*', ...nodeBuiltins], message: 'lib/ has no I/O, no React, no Node: keep it isomorphic.' },
        ],
      }],
    },
  },
  {
    // Tests under lib/ may read fixture files from disk (and gunzip them); the code they test stays pure, and
    // they still never reach into server/, app/ or components/.
    files: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...SERVER, ...APP, ...COMPONENTS], message: 'lib/ is pure domain logic: it imports only lib/.' },
          { group: ['react', 'react-dom', 'next', 'next/*', '@kubernetes/*', ...nodeBuiltins, '!node:fs', '!node:path', '!node:url', '!node:zlib'], message: 'lib/ tests may read fixtures (node:fs, node:path, node:url, node:zlib), nothing else of Node.' },
        ],
      }],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: [...SERVER, '@kubernetes/*'], message: 'components/ runs in the browser: it may import lib/, never server/.' }],
      }],
    },
  },
  {
    files: ['server/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: [...COMPONENTS, ...APP, 'react', 'react-dom'], message: 'server/ is Node-only: it may import lib/, never components/ or app/.' }],
      }],
    },
  },
  {
    // server/kube is the one adapter to the Kubernetes client library; everything else gets normalized API JSON
    // from it. Tests of the simulated apiserver may still use the real client as an independent peer.
    files: ['server/**/*.{ts,tsx}'],
    ignores: ['server/kube/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...COMPONENTS, ...APP, 'react', 'react-dom'], message: 'server/ is Node-only: it may import lib/, never components/ or app/.' },
          { group: ['@kubernetes/client-node'], message: 'Only server/kube imports @kubernetes/client-node: use its normalized observations.' },
        ],
      }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs}', 'instrumentation.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@kubernetes/client-node'], message: 'Only server/kube imports @kubernetes/client-node: use its normalized observations.' }],
      }],
    },
  },
);
