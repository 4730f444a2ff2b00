// Starts the live pipeline when the server starts, not on the first request. Node runtime only: the Edge runtime
// cannot run the Kubernetes client, and the dynamic import keeps it out of the Edge bundle. Routes also start it
// lazily (server/live/singleton.ts), so this is a head start, not a requirement.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { getLiveRuntime } = await import('./server/live/singleton');
  void getLiveRuntime();
}
