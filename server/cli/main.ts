/** The `drainscope` command: dispatches to its subcommands. */
import { ANALYZE_USAGE, runAnalyze } from './analyze';
import { RECORD_USAGE } from './record-usage';
import { EXIT_OK, EXIT_UNREADABLE, processIo, type CliIo } from './io';

const USAGE = `drainscope: how Kubernetes terminates your pods, and where traffic is dropped.

commands:
  drainscope analyze RECORDING [--json] [--allowance S] [--fail-on LIST] [--lenient]
  drainscope record --out FILE [--namespace N ...] [--duration D] [--context C]

${ANALYZE_USAGE}
${RECORD_USAGE}`;

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'analyze':
      return runAnalyze(rest, io);
    case 'record':
      // Loaded only here: the Kubernetes client alone took more memory than a 5,000-pod analysis holds.
      return (await import('./record')).runRecord(rest, io);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return command === undefined ? EXIT_UNREADABLE : EXIT_OK;
    default:
      io.stderr(`drainscope: unknown command "${command}"\n\n${USAGE}`);
      return EXIT_UNREADABLE;
  }
}
