/**
 * The open stream sessions, for shutdown and for tests that assert memory and listener bounds.
 */
import type { SseSession } from './session';

export class SseSessions {
  private readonly open = new Set<SseSession>();
  private drainingSince: number | null = null;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  get size(): number {
    return this.open.size;
  }

  add(session: SseSession): void {
    this.open.add(session);
    session.onClose(() => this.open.delete(session));
  }

  /** Pending deltas per open session: what a slow client costs in memory. */
  queueSizes(): number[] {
    return [...this.open].map((session) => session.queueSize);
  }

  /**
   * Refuses new streams, sends every open one a `shutdown` message with the reconnect hint, and waits until they
   * have closed or `timeoutMs` passed (a client that stopped reading is then closed without it).
   */
  async shutdownAll(retryMs: number, timeoutMs: number): Promise<void> {
    this.drainingSince ??= Date.now();
    const sessions = [...this.open];
    for (const session of sessions) session.shutdown(retryMs);
    const closed = Promise.all(sessions.map((session) => session.closed));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([closed, timeout]);
    clearTimeout(timer);
    for (const session of sessions) session.close();
  }
}
