import { keepPreviousData, QueryClient, useQuery } from '@tanstack/react-query';
import { channelsOfKind, type ChannelsOfKind } from '../../shared/channels';
import type { InputOf, ResultOf } from '../../shared/contract';
import type { Outcome } from '../../shared/outcome';

/**
 * Reads go through TanStack Query: each answer is cached under its channel and input, so an answer
 * for an older input can never overwrite the screen's newer one (the race the screens' own effects
 * had), and a screen opened again shows what it had while it asks afresh.
 */
export const READS = channelsOfKind('read', 'audited read');
export type ReadChannel = ChannelsOfKind<'read' | 'audited read'>;

/**
 * Calls that change nothing another screen shows (shared/channels.ts): reads, typing kept while a
 * form is open, exports, a batch's progress. Every other successful call is a write, after which
 * every read is stale.
 */
const QUIET = new Set<string>(channelsOfKind('read', 'audited read', 'quiet write', 'export', 'quiet steps'));

export function isWrite(channel: string): boolean {
  return !QUIET.has(channel);
}

export const queryClient = new QueryClient({
  defaultOptions: {
    // The service answers in milliseconds and the data file is the truth: no retries that would
    // repeat a refused call, no refetching behind the practitioner's back.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0 },
  },
});

/**
 * Reads fixed for the life of the window: where the data is kept, and the checks made when the file
 * opened (a restore reloads the window, which asks again).
 */
const FIXED = new Set<string>(['appInfo', 'integrity', 'recovery']);

/** Marks every read stale after a write; the screens on view ask again. */
export function afterWrite(): void {
  void queryClient.invalidateQueries({ predicate: (query) => !FIXED.has(String(query.queryKey[0])) });
}

/**
 * A read through the contract. `data` is the Outcome (refusals are answers, shown by the screen);
 * with `keepPrevious`, the last answer stays on screen while the next input's is on its way.
 */
export function useRead<C extends ReadChannel>(channel: C, input: InputOf<C>, options: { enabled?: boolean; keepPrevious?: boolean } = {}) {
  return useQuery({
    queryKey: [channel, input],
    queryFn: () => (window.needlebook[channel] as (i: InputOf<C>) => Promise<Outcome<ResultOf<C>>>)(input),
    enabled: options.enabled ?? true,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
}
