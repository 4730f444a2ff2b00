// Server-Sent Events of the live timelines; the protocol is lib/live/protocol.ts, the logic server/sse.
import { getLiveRuntime } from '@/server/live/singleton';
import { streamResponse } from '@/server/live/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return streamResponse(request, await getLiveRuntime());
}
