/**
 * `npm run sim`: serves a simulated cluster running a scenario (see `npm run sim -- --help` and README.md here).
 * Exit codes: 0 after SIGINT/SIGTERM or --exit-when-done, 1 when it cannot start, 2 for a usage error.
 */
import { parseSimArgs, simUsage } from './cli-args';
import { runSimCommand, type SimCommand } from './command';
import { SimStartError } from './start';

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const parsed = parseSimArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(simUsage());
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`drainscope-sim: ${parsed.message}\n\n${simUsage()}`);
    process.exit(2);
  }
  let command: SimCommand;
  try {
    command = await runSimCommand(parsed.options, log);
  } catch (error) {
    const message =
      error instanceof SimStartError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`drainscope-sim: ${message}\n`);
    process.exit(1);
  }
  // Under `npm run sim` a Ctrl-C reaches this process twice: from the terminal and relayed by tsx. So the handlers
  // stay installed (a repeat is ignored; without a listener tsx's own handler would exit at once, mid-shutdown).
  // process.exit: open keep-alive sockets or a client that never reads must not keep the process alive.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      process.stderr.write('drainscope-sim: shutdown took longer than 10 s; exiting anyway\n');
      process.exit(1);
    }, 10_000).unref();
    command.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`drainscope-sim: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (parsed.options.exitWhenDone) void command.done.then(stop);
}

void main();
