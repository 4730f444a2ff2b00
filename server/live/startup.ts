/**
 * What the server does once at start (instrumentation.ts, Node.js runtime only): refuse a configuration that
 * could only fail later, then start the live pipeline as a head start (routes also start it lazily through
 * ./singleton.ts).
 */
import { settleAuthConfig } from '../security/auth';
import { getLiveRuntime } from './singleton';

export function startOnServer(): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Read once here for the proxy and the guarded routes. A malformed auth setting would otherwise surface only
  // as a 500 on every request: refuse to start instead, naming the variable, so the rollout fails where people look.
  try {
    settleAuthConfig(process.env);
  } catch (error) {
    console.error(`drainscope: ${error instanceof Error ? error.message : String(error)}; not starting`);
    process.exit(1);
  }
  void getLiveRuntime();
}
