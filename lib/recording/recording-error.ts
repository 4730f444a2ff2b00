/**
 * The one error type the recording reader throws for bad input. The message is written for the person who
 * handed drainscope the file: it names the line and says what is wrong in plain words.
 */
export class RecordingError extends Error {
  /** 1-based line the problem is on; null when it concerns the file as a whole (empty file, corrupt gzip). */
  readonly line: number | null;
  /** The message without the `line N: ` prefix, for a list that shows the line number in its own column. */
  readonly problem: string;

  constructor(line: number | null, problem: string) {
    super(line === null ? problem : `line ${line}: ${problem}`);
    this.name = 'RecordingError';
    this.line = line;
    this.problem = problem;
  }
}
