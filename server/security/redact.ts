/**
 * The live pipeline drops secret references where API objects enter it (server/kube/api-json.ts), before anything
 * keeps, streams or records an object, not only when a line is written: the engine's copy and the SSE stream must
 * not carry them either. The rule itself is the recording writer's (lib/recording/writer.ts), so every path agrees.
 */
import { isJsonObject, type JsonObject } from '@/lib/json-object';
import { withoutPodTemplate, withoutSecretReferences } from '@/lib/recording/writer';

/** Also a Deployment's pod template, whole (its environment values included): nothing reads it. */
export function redactSecretReferences(object: JsonObject): JsonObject {
  if (!isJsonObject(object.spec)) return object;
  return { ...object, spec: withoutSecretReferences(withoutPodTemplate(object, object.spec)) };
}
