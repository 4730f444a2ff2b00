/**
 * WAL checkpoints on a thread of their own. A checkpoint copies the pages the write-ahead log holds back into the
 * database file and syncs both: done by SQLite inside the commit that crosses `wal_autocheckpoint`, it stalls the
 * event loop that serves the watches and the browsers for as long as the disk takes to sync (on a network volume,
 * hundreds of milliseconds), and it was the largest part of a live write (`npm run bench:store`).
 *
 * Here a worker thread with its own connection to the file runs a PASSIVE checkpoint when the store asks. PASSIVE
 * never waits for the writer, so the store goes on committing meanwhile; but SQLite restarts the log from its
 * beginning only when a checkpoint has copied every frame, so the store holds its group commits back while one
 * runs (`checkpointing`), for a bounded time, and the log stays a few megabytes instead of growing with every line.
 *
 * Nothing here is needed for correctness: the store's connection keeps `wal_autocheckpoint` as before, which does the
 * work on the main thread whenever the log grows past it anyway (the worker could not start, the disk is too slow).
 * The two never run at once: SQLite lets one checkpointer in and the other's PASSIVE attempt returns at once.
 *
 * The worker is told and answers through shared memory, not messages: the store checks `checkpointing` inside a
 * busy event loop, where a message from the worker can wait for hundreds of milliseconds to be delivered.
 */
import { Worker } from 'node:worker_threads';

/** `state` values: what the store asked and where the worker is. */
const IDLE = 0;
const REQUESTED = 1;
const CHECKPOINTING = 2;
const STOP = 3;
const STOPPED = 4;

/** Slots of the shared Int32Array. */
const STATE = 0;
const COMPLETED = 1;

/**
 * Runs in the worker, as CommonJS from a string (`eval`): a file of its own would have to be found again in Next's
 * server bundle and in the standalone image. better-sqlite3 is resolved from the app's entry script (server.js in
 * the image, the start script, the test runner), then from the working directory.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const path = require('node:path');
const state = new Int32Array(workerData.shared);
function loadSqlite() {
  let failure;
  for (const base of workerData.bases) {
    try { return createRequire(base)('better-sqlite3'); } catch (error) { failure = error; }
  }
  throw failure;
}
let db;
try {
  const Database = loadSqlite();
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('synchronous = NORMAL');
  for (;;) {
    Atomics.wait(state, ${STATE}, ${IDLE});
    if (Atomics.load(state, ${STATE}) === ${STOP}) break;
    if (Atomics.compareExchange(state, ${STATE}, ${REQUESTED}, ${CHECKPOINTING}) !== ${REQUESTED}) continue;
    try { db.pragma('wal_checkpoint(PASSIVE)'); } finally {
      Atomics.add(state, ${COMPLETED}, 1);
      if (Atomics.compareExchange(state, ${STATE}, ${CHECKPOINTING}, ${IDLE}) !== ${CHECKPOINTING}) break;
    }
  }
} finally {
  try { db?.close(); } finally {
    Atomics.store(state, ${STATE}, ${STOPPED});
    Atomics.notify(state, ${STATE});
  }
}
`;

/** How long `close` waits for a checkpoint under way to end. */
const STOP_WAIT_MS = 5000;

export class WalCheckpointer {
  private readonly state = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  private worker: Worker | null = null;
  /** Failed or closed: no more requests reach a worker. */
  private stopped = false;

  /**
   * `onFailure` hears once why the worker stopped; checkpoints are then the store connection's own again.
   * `resolveFrom`: where the worker looks for better-sqlite3 (by default the entry script, then the working directory).
   */
  constructor(
    private readonly file: string,
    private readonly onFailure: (message: string) => void = () => undefined,
    private readonly resolveFrom: string[] = [process.argv[1], `${process.cwd()}/`].filter((base): base is string =>
      Boolean(base),
    ),
  ) {}

  /** A checkpoint is copying the log now: a commit would add frames it cannot copy, and the log would not restart. */
  get checkpointing(): boolean {
    return Atomics.load(this.state, STATE) === CHECKPOINTING;
  }

  /** Checkpoints the worker has finished (or given up on). */
  get completed(): number {
    return Atomics.load(this.state, COMPLETED);
  }

  /** Asks for a checkpoint, unless one is asked for or under way; the worker starts with the first. */
  request(): void {
    if (this.stopped) return;
    if (Atomics.compareExchange(this.state, STATE, IDLE, REQUESTED) !== IDLE) return;
    Atomics.notify(this.state, STATE);
    this.worker ??= this.start();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        shared: this.state.buffer,
        file: this.file,
        bases: this.resolveFrom,
      },
    });
    worker.unref();
    worker.on('error', (error) => this.fail(`WAL checkpoints run on the main thread: ${error.message}`));
    worker.on('exit', () => {
      if (Atomics.load(this.state, STATE) !== STOPPED)
        this.fail('WAL checkpoints run on the main thread: the worker exited');
    });
    return worker;
  }

  private fail(message: string): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.state, STATE, STOPPED);
    this.onFailure(message);
  }

  /**
   * Stops the worker and waits (up to a few seconds) until its connection is closed, so that the store's connection
   * closes last and SQLite's own final checkpoint runs there, as without a worker.
   */
  close(): void {
    if (!this.worker) return;
    const previous = Atomics.exchange(this.state, STATE, STOP);
    if (previous !== STOPPED) {
      Atomics.notify(this.state, STATE);
      const deadline = Date.now() + STOP_WAIT_MS;
      for (let left = STOP_WAIT_MS; left > 0; left = deadline - Date.now()) {
        const now = Atomics.load(this.state, STATE);
        if (now === STOPPED) break;
        Atomics.wait(this.state, STATE, now, left);
      }
    }
    this.stopped = true;
    this.worker = null;
  }
}
