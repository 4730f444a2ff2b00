/**
 * Support for the per-scenario tests (used only by tests): a committed fixture recording, given as text, read
 * the way the CLI reads it (lib/recording/reader.ts, which reorders by receipt time) and analysed, plus lookups
 * into the result. Pure: the tests read the files themselves.
 */
import { readWholeRecording } from '../recording/reader';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import type { Analysis, Finding, FindingKind, Gap, GapKind, Marker, MarkerKind, PodTimeline } from './types';

export interface AnalysedRecording {
  /** Entries in the order the reader gives them. */
  entries: RecordingEntry[];
  analysis: Analysis;
}

export async function readEntries(text: string): Promise<RecordingEntry[]> {
  const bytes = new TextEncoder().encode(text);
  const { entries } = await readWholeRecording(
    (async function* () {
      yield bytes;
    })(),
  );
  return entries.map((recorded) => recorded.entry);
}

export async function analyseRecording(text: string): Promise<AnalysedRecording> {
  const entries = await readEntries(text);
  return { entries, analysis: analyzeEntries(entries) };
}

const TERMINATION_KINDS: ReadonlySet<MarkerKind> = new Set(['deleteRequested', 'killing', 'podDeleted']);

/** Pods whose termination the recording shows (a delete request, a Killing, or their removal). */
export function terminatedPods(analysis: Analysis): PodTimeline[] {
  return analysis.pods.filter((pod) => pod.markers.some((m) => TERMINATION_KINDS.has(m.kind)));
}

/** The only terminated pod; throws when there is not exactly one (the scenario acted on one pod). */
export function onlyTerminatedPod(analysis: Analysis): PodTimeline {
  const pods = terminatedPods(analysis);
  const [pod] = pods;
  if (!pod || pods.length !== 1)
    throw new Error(`expected one terminated pod, found ${pods.map((p) => p.name).join(', ') || 'none'}`);
  return pod;
}

export function markerOf(pod: PodTimeline, kind: MarkerKind, container?: string): Marker {
  const found = pod.markers.find((m) => m.kind === kind && (container === undefined || m.container === container));
  if (!found) throw new Error(`${pod.name} has no ${kind}${container ? ` for ${container}` : ''} marker`);
  return found;
}

export function kindsOf(pod: PodTimeline): MarkerKind[] {
  return pod.markers.map((m) => m.kind);
}

export function gapKinds(pod: PodTimeline): GapKind[] {
  return pod.gaps.map((g) => g.kind);
}

export function gapOf(pod: PodTimeline, kind: GapKind): Gap {
  const found = pod.gaps.find((g) => g.kind === kind);
  if (!found) throw new Error(`${pod.name} has no ${kind} gap`);
  return found;
}

export function findingOf(analysis: Analysis, kind: FindingKind): Finding {
  const found = analysis.findings.find((f) => f.kind === kind);
  if (!found) throw new Error(`no ${kind} finding`);
  return found;
}

/** The raw observation lines of a recording (without the header), parsed, in file order. */
export function rawLines(
  text: string,
): { at: number; object: { kind: string; metadata: { uid: string; name: string } } & Record<string, unknown> }[] {
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map(
      (line) =>
        JSON.parse(line) as {
          at: string;
          object?: { kind: string; metadata: { uid: string; name: string } } & Record<string, unknown>;
        },
    )
    .flatMap((line) => (line.object ? [{ at: Date.parse(line.at), object: line.object }] : []));
}
