/**
 * What `npm run sim` does once its arguments are checked: starts the simulator, writes the kubeconfig, streams the
 * recording to a file, writes the ground truth when a finite scenario completes and again at shutdown, and logs one
 * line per notable thing. In process and without `process` globals, so tests drive it directly; cli.ts adds the
 * signals and the exit code.
 */
import { createWriteStream, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { SimCommandOptions } from './cli-args';
import { writeSimKubeconfig } from './kubeconfig-file';
import { SimStartError, startSim, type RunningSimulator } from './start';

export interface SimCommand {
  readonly sim: RunningSimulator;
  /** Resolves when a finite scenario has completed (after its truth was written). */
  readonly done: Promise<void>;
  /** Idempotent: closes the server, finishes the recording, writes the truth. */
  shutdown(): Promise<void>;
}

export type SimLog = (line: string) => void;

const PREFIX = 'drainscope-sim:';

function readTls(options: SimCommandOptions): { key: Buffer; cert: Buffer } | undefined {
  if (options.tlsCertFile === undefined || options.tlsKeyFile === undefined) return undefined;
  try {
    return { cert: readFileSync(options.tlsCertFile), key: readFileSync(options.tlsKeyFile) };
  } catch (error) {
    throw new SimStartError(
      `cannot read the TLS certificate or key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Opens the recording file first, so a bad path fails before anything listens. */
async function openRecording(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  await new Promise<void>((done, fail) => {
    stream.once('open', () => done());
    stream.once('error', (error) => fail(new SimStartError(`cannot write the recording to ${path}: ${error.message}`)));
  });
  return stream;
}

function finish(stream: WriteStream): Promise<void> {
  return new Promise((done) => stream.end(() => done()));
}

export async function runSimCommand(options: SimCommandOptions, log: SimLog): Promise<SimCommand> {
  const tls = readTls(options);
  const recording = options.recordFile === undefined ? undefined : await openRecording(options.recordFile);
  let recordingFailed = false;
  recording?.on('error', (error) => {
    if (!recordingFailed) log(`${PREFIX} writing the recording failed: ${error.message}`);
    recordingFailed = true;
  });
  let sim: RunningSimulator;
  try {
    sim = await startSim({
      scenario: options.scenario,
      seed: options.seed,
      speed: options.speed,
      replicas: options.replicas,
      port: options.port,
      host: options.host,
      token: options.token,
      tls,
      onRecordingLine: recording && ((line) => void (recordingFailed || recording.write(`${line}\n`))),
    });
  } catch (error) {
    if (recording) await finish(recording);
    throw error;
  }
  for (const resource of options.forbid) sim.faults.forbid(resource);
  const writeTruth = (): void => {
    if (options.truthOut === undefined) return;
    try {
      writeFileSync(options.truthOut, `${JSON.stringify(sim.groundTruth(), null, 2)}\n`);
    } catch (error) {
      log(`${PREFIX} writing the ground truth failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  try {
    writeSimKubeconfig(options.kubeconfigOut, sim.url, sim.token);
  } catch (error) {
    await sim.stop();
    if (recording) await finish(recording);
    throw new SimStartError(
      `cannot write the kubeconfig to ${options.kubeconfigOut}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const { scenario } = sim;
  // The pid is what to signal: under npm and tsx the process that handles SIGTERM is not the one a script started.
  log(
    `${PREFIX} scenario ${scenario.name} (seed ${sim.seed}, speed ${sim.speed}x, pid ${process.pid}) listening on ${sim.url}`,
  );
  log(
    `${PREFIX} kubeconfig written to ${resolve(options.kubeconfigOut)} (kubectl --kubeconfig ${options.kubeconfigOut} get pods)`,
  );
  if (options.token !== undefined && !tls)
    log(
      `${PREFIX} note: kubectl sends the token only over TLS; use --tls-cert/--tls-key for kubectl (client-node sends it over http too)`,
    );
  if (options.forbid.length > 0)
    log(
      `${PREFIX} refusing reads of ${options.forbid.join(', ')} with 403 Forbidden (RBAC); POST ${sim.url}/_sim/faults/allow?resource=R grants one`,
    );
  if (options.recordFile !== undefined) log(`${PREFIX} recording to ${resolve(options.recordFile)}`);

  const done = sim.whenDone().then(() => {
    writeTruth();
    const truthNote = options.truthOut === undefined ? '' : `; ground truth written to ${resolve(options.truthOut)}`;
    log(
      `${PREFIX} scenario ${scenario.name} done${truthNote}${options.exitWhenDone ? '' : '; still serving until stopped'}`,
    );
  });
  let stopping: Promise<void> | undefined;
  return {
    sim,
    done,
    shutdown() {
      stopping ??= (async () => {
        await sim.stop();
        if (recording) await finish(recording);
        writeTruth();
        log(
          `${PREFIX} stopped${options.truthOut === undefined ? '' : `; ground truth written to ${resolve(options.truthOut)}`}`,
        );
      })();
      return stopping;
    },
  };
}
