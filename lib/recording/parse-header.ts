/**
 * The header line (line 1 of a recording, docs/recording-format.md). It is checked in a fixed order so the
 * message answers the most useful question first: is this a recording at all, then which version, then fields.
 */
import { z } from 'zod';
import { isJsonObject } from '../json-object';
import { RECORDING_VERSION, type RecordingHeader } from './types';
import { describeIssues, describeValue } from './describe-issue';
import { ISO_EXAMPLE, parseIsoTime } from './iso-time';
import { RecordingError } from './recording-error';

export const HEADER_EXAMPLE = '{"drainscope":"recording","version":1,...}';

const NOT_A_RECORDING = `not a drainscope recording: the first line must be the header ${HEADER_EXAMPLE}`;

// `cluster`, `scope` and the scope's fields may be null; a missing one is read as null too, because recordings
// are also written by hand-made scripts and a missing optional field carries no less information than null.
const headerFieldsSchema = z.object({
  startedAt: z
    .string()
    .refine((value) => parseIsoTime(value) !== null, { message: `must be an ISO-8601 time like ${ISO_EXAMPLE}` }),
  cluster: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
  scope: z
    .object({
      namespaces: z
        .array(z.string())
        .nullish()
        .transform((value) => value ?? null),
      labelSelector: z
        .string()
        .nullish()
        .transform((value) => value ?? null),
    })
    .nullish()
    .transform((value) => value ?? null),
});

/** Parses the first non-blank line of a file, which must be the header. */
export function parseHeaderLine(text: string, line: number): RecordingHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RecordingError(line, NOT_A_RECORDING);
  }
  if (!isJsonObject(value) || value.drainscope === undefined) throw new RecordingError(line, NOT_A_RECORDING);
  return parseHeaderObject(value, line);
}

/** Validates a parsed JSON object that claims to be a header (it has a `drainscope` field). */
export function parseHeaderObject(value: Record<string, unknown>, line: number): RecordingHeader {
  if (value.drainscope !== 'recording') {
    throw new RecordingError(line, `${NOT_A_RECORDING} (found "drainscope": ${describeValue(value.drainscope)})`);
  }
  if (value.version !== RECORDING_VERSION) {
    const found =
      value.version === undefined ? 'the header has no "version"' : `found version ${describeValue(value.version)}`;
    throw new RecordingError(
      line,
      `unsupported recording version: ${found}; this reader supports version ${RECORDING_VERSION}`,
    );
  }
  const fields = headerFieldsSchema.safeParse(value);
  if (!fields.success) throw new RecordingError(line, describeIssues(fields.error.issues, value, 'header'));
  return { drainscope: 'recording', version: RECORDING_VERSION, ...fields.data };
}
