/**
 * The words of the findings: what was seen and a fix sized from the measurements. Kept apart from the rules so
 * the wording can change without touching them.
 */
import type { Workload } from './types';

export interface Subject {
  workload: Workload | null;
  namespace: string;
  podCount: number;
}

function who({ workload, namespace, podCount }: Subject): string {
  const pods = podCount === 1 ? '1 pod' : `${podCount} pods`;
  return workload
    ? `${pods} of ${workload.kind} ${namespace}/${workload.name}`
    : `${pods} without a controller in ${namespace}`;
}

function were(subject: Subject): string {
  return subject.podCount === 1 ? 'was' : 'were';
}

function seconds(value: number): string {
  return `${Number(value.toFixed(1))} s`;
}

export function preStopSnippet(sleepSeconds: number): string {
  return ['lifecycle:', '  preStop:', '    sleep:', `      seconds: ${sleepSeconds}`].join('\n');
}

export interface PropagationSizing {
  recommendedSeconds: number;
  p95Seconds: number | null;
  allowanceSeconds: number;
}

function propagationBasis({ p95Seconds, allowanceSeconds }: PropagationSizing): string {
  return p95Seconds === null
    ? `no delete → endpoint-not-ready interval was measured here, so this assumes 3 s plus the ${seconds(allowanceSeconds)} allowance`
    : `p95 of delete → endpoint not ready was ${seconds(p95Seconds)}, plus the ${seconds(allowanceSeconds)} propagation allowance`;
}

export function missingPreStopText(subject: Subject, sizing: PropagationSizing): { message: string; fix: string } {
  return {
    message: `${who(subject)} had no preStop hook: SIGTERM came right after Killing while endpoints could still route to them.`,
    fix: `Add a preStop wait (${propagationBasis(sizing)}):\n${preStopSnippet(sizing.recommendedSeconds)}\n(The sleep action needs Kubernetes 1.30+; before that use exec: command: ["sleep", "${sizing.recommendedSeconds}"].) Keep terminationGracePeriodSeconds ≥ preStop + drain.`,
  };
}

export function shortPreStopText(
  subject: Subject,
  sizing: PropagationSizing,
  currentSeconds: number | null,
): { message: string; fix: string } {
  const current = currentSeconds === null ? 'its preStop hook' : `a preStop of ${seconds(currentSeconds)}`;
  return {
    message: `${who(subject)} got SIGTERM less than ${seconds(sizing.allowanceSeconds)} after the endpoint went not ready despite ${current}.`,
    fix: `Lengthen the preStop wait (${propagationBasis(sizing)}):\n${preStopSnippet(sizing.recommendedSeconds)}\nand raise terminationGracePeriodSeconds by as much.`,
  };
}

export interface GraceSizing {
  recommendedSeconds: number;
  preStopSeconds: number;
  p95DrainSeconds: number;
  drainAtLeast: boolean;
  marginSeconds: number;
  currentSeconds: number;
}

export function graceTooShortText(subject: Subject, sizing: GraceSizing): { message: string; fix: string } {
  const drain = `${sizing.drainAtLeast ? 'at least ' : ''}${seconds(sizing.p95DrainSeconds)}`;
  return {
    message: `${who(subject)} needed more than the ${seconds(sizing.currentSeconds)} grace period: preStop ${seconds(sizing.preStopSeconds)} + drain (SIGTERM → exit, p95) ${drain}.`,
    fix: `terminationGracePeriodSeconds: ${sizing.recommendedSeconds}\n(preStop ${seconds(sizing.preStopSeconds)} + p95 drain rounded up + ${seconds(sizing.marginSeconds)} margin${sizing.drainAtLeast ? '; the drain of SIGKILLed pods is only a lower bound, so check that the app exits at all' : ''}.)`,
  };
}

export function sigtermNotHandledText(subject: Subject): { message: string; fix: string } {
  return {
    message: `${who(subject)} exited with 143: the process died of SIGTERM's default action instead of draining.`,
    fix: 'Handle SIGTERM in the app: stop accepting new connections, finish in-flight requests, then exit 0. With a shell entrypoint, `exec` the app so it is PID 1 and receives the signal.',
  };
}

/** `graceTooShortListed`: whether graceTooShort names any of these pods; only then does the fix point to it. */
export function sigkilledText(
  subject: Subject,
  graceSeconds: number,
  graceTooShortListed: boolean,
): { message: string; fix: string } {
  const exitAfterSigterm =
    'Make the app exit after SIGTERM once drained (a PID 1 without a handler ignores SIGTERM: use tini/dumb-init or exec form)';
  return {
    message: `${who(subject)} ${were(subject)} SIGKILLed at the end of the ${seconds(graceSeconds)} grace period (exit 137): requests in flight were cut.`,
    fix: graceTooShortListed
      ? `${exitAfterSigterm}, and size terminationGracePeriodSeconds to preStop + drain (see graceTooShort).`
      : `${exitAfterSigterm}. The grace period in force was shortened by a later delete or an eviction, not by the pod's terminationGracePeriodSeconds: check what deleted the pods with a shorter grace.`,
  };
}

export function noEndpointSeenText(subject: Subject): { message: string; fix: string } {
  return {
    message: `${who(subject)} ${were(subject)} deleted without ever appearing in an EndpointSlice: there was no traffic to drain.`,
    fix: 'Nothing to do if they serve no Service. Otherwise check that a Service selector matches their labels and that they became Ready.',
  };
}
