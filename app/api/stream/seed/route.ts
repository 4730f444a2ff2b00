// Where the live page starts: the stream's hello and snapshot with the event id to resume from (server/live/page-seed.ts).
import { getLiveRuntime } from '@/server/live/singleton';
import { seedResponse } from '@/server/live/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  return seedResponse(await getLiveRuntime());
}
