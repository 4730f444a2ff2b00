/**
 * metav1.Status bodies and JSON responses, shaped as the real apiserver sends them
 * (apimachinery `pkg/api/errors/errors.go`): kind/apiVersion first, empty metadata, `code` equal to the HTTP status.
 */
import type { ServerResponse } from 'node:http';
import type { StatusFailure } from '../control';

export type StatusReason = StatusFailure['reason'] | 'MethodNotAllowed' | 'NotAcceptable';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

export interface StatusInput {
  code: number;
  reason: StatusReason;
  message: string;
  details?: StatusBody['details'];
}

/** Thrown by handlers to answer with a Status failure; the router turns it into the response. */
export class StatusError extends Error {
  constructor(readonly status: StatusInput) {
    super(status.message);
  }
}

export function failureStatus(input: StatusInput): StatusBody {
  const body: StatusBody = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: input.message,
    reason: input.reason,
    code: input.code,
  };
  if (input.details) body.details = input.details;
  return body;
}

export function successStatus(code: number): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}

export function notFound(resource: string, name: string, group = ''): StatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  const details: StatusBody['details'] = group ? { name, group, kind: resource } : { name, kind: resource };
  return new StatusError({ code: 404, reason: 'NotFound', message: `${qualified} "${name}" not found`, details });
}

export function badRequest(message: string): StatusError {
  return new StatusError({ code: 400, reason: 'BadRequest', message });
}

export function methodNotAllowed(): StatusError {
  return new StatusError({
    code: 405,
    reason: 'MethodNotAllowed',
    message: 'the server does not allow this method on the requested resource',
    details: {},
  });
}

/** The apiserver's RBAC refusal, worded as kube-apiserver words it (clients show this message to people). */
export function forbidden(input: {
  verb: string;
  resource: string;
  group: string;
  namespace: string | undefined;
  user: string;
}): StatusError {
  const qualified = input.group ? `${input.resource}.${input.group}` : input.resource;
  const scope = input.namespace === undefined ? 'at the cluster scope' : `in the namespace "${input.namespace}"`;
  return new StatusError({
    code: 403,
    reason: 'Forbidden',
    message: `${qualified} is forbidden: User "${input.user}" cannot ${input.verb} resource "${input.resource}" in API group "${input.group}" ${scope}`,
    details: { kind: input.resource, ...(input.group ? { group: input.group } : {}) },
  });
}

export function unauthorized(): StatusInput {
  return { code: 401, reason: 'Unauthorized', message: 'Unauthorized' };
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': bytes.length,
    'Cache-Control': 'no-cache, private',
  });
  res.end(bytes);
}

export function sendStatus(res: ServerResponse, input: StatusInput): void {
  sendJson(res, input.code, failureStatus(input));
}
