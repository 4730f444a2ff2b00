import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The Kubernetes client and the simulated cluster are Node-only; keep them out of the bundle graph.
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
  // The container image ships .next/standalone (a traced, minimal node_modules) and serves it through
  // scripts/start.mjs, which owns SIGTERM; see Dockerfile.
  output: 'standalone',
  // The e2e suite builds into its own directory so a concurrent `npm start` build cannot swap files under it.
  ...(process.env.DRAINSCOPE_NEXT_DIST_DIR ? { distDir: process.env.DRAINSCOPE_NEXT_DIST_DIR } : {}),
  // `npm test` type-checks everything; the build checks only what ships, so a work-in-progress test cannot break `npm start`.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
};

export default nextConfig;
