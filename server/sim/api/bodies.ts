/**
 * Request bodies and write options, parsed at the edge with zod: metav1.DeleteOptions (body, or query parameters
 * when there is no body, as apiserver `endpoints/handlers/delete.go` does) and policy/v1 Eviction.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { PodDeleteOptions } from '../control';
import { badRequest, StatusError } from './status';

const maxBodyBytes = 1 << 20;

const deleteOptionsSchema = z.object({
  kind: z.string().optional(),
  apiVersion: z.string().optional(),
  gracePeriodSeconds: z.number().int().nullish(),
  preconditions: z.object({ uid: z.string().nullish(), resourceVersion: z.string().nullish() }).nullish(),
  propagationPolicy: z.string().nullish(),
  orphanDependents: z.boolean().nullish(),
  dryRun: z.array(z.string()).nullish(),
});

const evictionSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.object({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
  deleteOptions: deleteOptionsSchema.nullish(),
});

type DeleteOptionsBody = z.infer<typeof deleteOptionsSchema>;

export interface DeleteRequest {
  options: PodDeleteOptions;
  dryRun: boolean;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes)
      throw new StatusError({ code: 413, reason: 'BadRequest', message: 'the request body is too large' });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badRequest(`unable to decode ${what}: invalid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw badRequest(
      `unable to decode ${what}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  return parsed.data;
}

const propagationPolicies = ['Foreground', 'Background', 'Orphan'];

/** apimachinery `apis/meta/v1/validation.ValidateDeleteOptions`: unsupported values are 422 Invalid. */
function validate(body: DeleteOptionsBody): DeleteRequest {
  const invalid = (field: string, value: string, supported: string[]): StatusError => {
    const message = `Unsupported value: "${value}": supported values: ${supported.map((v) => `"${v}"`).join(', ')}`;
    return new StatusError({
      code: 422,
      reason: 'Invalid',
      message: `DeleteOptions.meta.k8s.io "" is invalid: ${field}: ${message}`,
      details: {
        group: 'meta.k8s.io',
        kind: 'DeleteOptions',
        causes: [{ reason: 'FieldValueNotSupported', message, field }],
      },
    });
  };
  if (body.propagationPolicy && !propagationPolicies.includes(body.propagationPolicy))
    throw invalid('propagationPolicy', body.propagationPolicy, propagationPolicies);
  for (const value of body.dryRun ?? []) if (value !== 'All') throw invalid('dryRun', value, ['All']);
  const options: PodDeleteOptions = {};
  if (body.gracePeriodSeconds !== undefined && body.gracePeriodSeconds !== null)
    options.gracePeriodSeconds = body.gracePeriodSeconds;
  if (body.preconditions) {
    const { uid, resourceVersion } = body.preconditions;
    options.preconditions = {};
    if (uid) options.preconditions.uid = uid;
    if (resourceVersion) options.preconditions.resourceVersion = resourceVersion;
  }
  return { options, dryRun: (body.dryRun ?? []).includes('All') };
}

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`${name}: invalid value "${raw}": must be an integer`);
  return Number(raw);
}

export function parseDeleteRequest(body: string, query: URLSearchParams): DeleteRequest {
  if (body.trim() !== '') return validate(parseJson(body, deleteOptionsSchema, 'DeleteOptions'));
  return validate({
    gracePeriodSeconds: integerParam(query, 'gracePeriodSeconds'),
    propagationPolicy: query.get('propagationPolicy'),
    dryRun: query.getAll('dryRun'),
  });
}

export function parseEvictionRequest(body: string, namespace: string, name: string): DeleteRequest {
  const eviction = parseJson(body, evictionSchema, 'Eviction');
  if (eviction.metadata?.name !== undefined && eviction.metadata.name !== name)
    throw badRequest('name in URL does not match name in Eviction object');
  if (eviction.metadata?.namespace !== undefined && eviction.metadata.namespace !== namespace)
    throw badRequest('namespace in URL does not match namespace in Eviction object');
  return validate(eviction.deleteOptions ?? {});
}
