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
    const message = error instanceof SimStartError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`drainscope-sim: ${message}\n`);
    process.exit(1);
  }
  // process.exit: open keep-alive sockets or a client that never reads must not keep the process alive.
  const stop = (): void => void command.shutdown().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (parsed.options.exitWhenDone) void command.done.then(stop);
}

void main();
