import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The Kubernetes client and the simulated cluster are Node-only; keep them out of the bundle graph.
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
};

export default nextConfig;
