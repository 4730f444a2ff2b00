// Runs once when the server starts. The Kubernetes client and process control exist only in the Node.js runtime;
// Next inlines NEXT_RUNTIME, so the Edge bundle drops this import altogether.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startOnServer } = await import('./server/live/startup');
    startOnServer();
  }
}
