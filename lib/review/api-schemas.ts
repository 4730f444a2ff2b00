/**
 * The history APIs' answers as the browser reads them (server/store/routes.ts writes them): checked with zod at
 * the edge, so a proxy's HTML error page or an older server shows as a clear message rather than a crash.
 */
import { z } from 'zod';
import type { Episode, EpisodeSummary } from '../episodes/types';
import type { RangeSize } from './review-size';
import type { GapKind } from '../timeline/types';
import { GAP_LABELS } from '../view/labels';

const gapKind = z.enum(Object.keys(GAP_LABELS) as [GapKind, ...GapKind[]]);
const severity = z.enum(['critical', 'warning', 'info']);

export const episodeSchema = z.object({
  id: z.string(),
  kind: z.enum(['rollout', 'drain', 'deletes', 'imported']),
  title: z.string(),
  namespace: z.string().nullable(),
  workload: z.string().nullable(),
  node: z.string().nullable(),
  from: z.number(),
  to: z.number(),
  podCount: z.number(),
  podUids: z.array(z.string()),
  worstGap: z.object({ kind: gapKind, severity, podUid: z.string(), durationMs: z.number() }).nullable(),
  cluster: z.string().nullable().optional(),
}) satisfies z.ZodType<Episode>;

/** A stored cluster as the history page offers it (server/store/routes.ts). */
export const clusterChoiceSchema = z.object({
  id: z.number(),
  /** Its context name, or the words for the unknown cluster. */
  name: z.string(),
  /** The kube-system namespace's UID, when it could be read: what tells apart two clusters of one name. */
  uid: z.string().nullable(),
  lastSeen: z.number().nullable(),
  current: z.boolean(),
});
export type ClusterChoice = z.infer<typeof clusterChoiceSchema>;

/** `clusters` and `cluster` are absent from a server older than cluster identity. */
export const episodesAnswerSchema = z.object({
  episodes: z.array(episodeSchema),
  cluster: z.number().optional(),
  clusters: z.array(clusterChoiceSchema).optional(),
});

export const importAnswerSchema = z.object({
  source: z.number(),
  episode: z.string(),
  format: z.enum(['recording', 'kubectl']),
  lines: z.number(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  notes: z.array(z.string()),
  precisionLost: z.string().nullable(),
});
export type ImportAnswer = z.infer<typeof importAnswerSchema>;

export const episodeSummarySchema = episodeSchema.pick({
  kind: true,
  title: true,
  namespace: true,
  workload: true,
  node: true,
}) satisfies z.ZodType<EpisodeSummary>;

/** What a review needs of `/api/history/timelines` before it replays the recording itself. */
export const reviewRangeAnswerSchema = z.object({
  range: z.object({ source: z.number(), from: z.number(), to: z.number() }),
  /** Absent from a server older than it, null for a range or an episode no longer found. */
  episode: episodeSummarySchema.nullable().optional(),
  analysis: z.object({ allowanceSeconds: z.number() }),
});
export type ReviewRangeAnswer = z.infer<typeof reviewRangeAnswerSchema>;

const span = z.object({ from: z.number(), to: z.number() });

/** How many lines the range holds, asked before downloading them. */
export const rangeSizeAnswerSchema = z.object({
  range: z.object({ source: z.number(), from: z.number(), to: z.number() }),
  lines: z.number(),
  limit: z.number(),
  fitting: z.object({ first: span.nullable(), last: span.nullable() }).nullable(),
}) satisfies z.ZodType<RangeSize>;

const problemSchema = z.object({ error: z.string(), line: z.number().nullable().optional() });

export interface Problem {
  message: string;
  /** The line of an imported file the problem is on, when there is one. */
  line: number | null;
}

/** The error a failed answer carries (`{error, line}`), or what little the status says when it carries none. */
export function problemOf(status: number, body: string): Problem {
  const parsed = problemSchema.safeParse(safeJson(body));
  if (parsed.success) return { message: parsed.data.error, line: parsed.data.line ?? null };
  if (status === 413) return { message: 'the upload is larger than the server accepts', line: null };
  return {
    message: status === 0 ? 'the server could not be reached' : `the server answered ${status} without an explanation`,
    line: null,
  };
}

/** A successful answer read with `schema`; a body of another shape is a Problem, not a crash. */
export function answerOf<T>(
  schema: z.ZodType<T>,
  body: string,
): { ok: true; value: T } | { ok: false; problem: Problem } {
  const parsed = schema.safeParse(safeJson(body));
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problem: {
      message: 'the server answered in a shape this page does not know (is the server a different version?)',
      line: null,
    },
  };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
