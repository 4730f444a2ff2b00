/** Where the CLI writes, injectable so tests run commands in-process and read what they printed. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit statuses shared by every subcommand (docs/analysis-json.md). */
export const EXIT_OK = 0;
export const EXIT_FAIL_ON_MATCHED = 1;
export const EXIT_UNREADABLE = 2;
