/**
 * The one argument parser of the `drainscope` subcommands: node:util's parseArgs in strict mode, plus what it lets
 * through. An empty value (`--allowance=`, `--out ""`, `--namespace " "`) is a usage error for every option: read
 * on, it became 0 seconds of allowance, the current kubeconfig context or every namespace, and changed the result
 * without a word. Every refusal is a UsageError, which the subcommands turn into their usage text and exit 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

export function parseCliArgs<T extends ParseArgsConfig>(config: T): Pick<Parsed<T>, 'values' | 'positionals'> {
  const parsed = strictParse({ ...config, strict: true, tokens: true });
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'option' && token.value !== undefined && token.value.trim() === '') {
      throw new UsageError(
        `${token.rawName} needs a value, got an empty one${token.inlineValue ? ` ("${token.rawName}=")` : ''}`,
      );
    }
  }
  return parsed;
}

function strictParse<T extends ParseArgsConfig>(config: T): Parsed<T> {
  try {
    return parseArgs(config);
  } catch (error) {
    // parseArgs reports an unknown option, a missing value or a stray positional as a TypeError with a code.
    if (error instanceof TypeError && typeof (error as NodeJS.ErrnoException).code === 'string')
      throw new UsageError(error.message);
    throw error;
  }
}
