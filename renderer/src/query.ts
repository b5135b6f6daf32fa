import { keepPreviousData, QueryClient, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { channelsOfKind, OPEN_CHANNELS, WHO_ASKS_CHANNELS, type ChannelName, type ChannelsOfKind } from '../../shared/channels';
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

/**
 * Marks every read stale after a write; the screens on view ask again. After a sign-in or an
 * unlock, the open channels' good answers are kept: asking for the clinic and its providers again
 * would put two calls ahead of Review's on the first launch, for the same answers.
 */
export function afterWrite(channel?: string): void {
  const whoAsks = channel !== undefined && WHO_ASKS_CHANNELS.has(channel as ChannelName);
  void queryClient.invalidateQueries({
    predicate: (query) => {
      const read = String(query.queryKey[0]);
      if (FIXED.has(read)) return false;
      return !(whoAsks && OPEN_CHANNELS.has(read as ChannelName) && (query.state.data as Outcome<unknown> | undefined)?.ok === true);
    },
  });
}

/**
 * A read through the contract. `data` is the Outcome (refusals are answers, shown by the screen);
 * with `keepPrevious`, the last answer stays on screen while the next input's is on its way.
 */
export function useRead<C extends ReadChannel>(channel: C, input: InputOf<C>, options: ReadOptions<ResultOf<C>> = {}) {
  const againWhile = options.againWhile;
  return useQuery({
    queryKey: [channel, input],
    queryFn: () => (window.needlebook[channel] as (i: InputOf<C>) => Promise<Outcome<ResultOf<C>>>)(input),
    enabled: options.enabled ?? true,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(options.keptUntilWritten ? { refetchOnMount: (query: { state: { isInvalidated: boolean } }) => query.state.isInvalidated } : {}),
    ...(againWhile
      ? {
          refetchInterval: (query: { state: { data: Outcome<ResultOf<C>> | undefined } }) =>
            query.state.data?.ok && againWhile(query.state.data.value) ? ASK_AGAIN_MS : false,
        }
      : {}),
  });
}

/** How often a read whose answer says more is coming (the records' check still running) is asked again. */
const ASK_AGAIN_MS = 1000;

export interface ReadOptions<T> {
  enabled?: boolean;
  keepPrevious?: boolean;
  /**
   * Ask again every second while the answer says so: the checks the database process runs off the
   * calls' path (the whole ledger, quick_check) answer first with what is known, then with the rest.
   */
  againWhile?: (value: T) => boolean;
  /**
   * An answer already in hand is shown as it is when a screen opens, not asked for again, until a
   * write (or another seat's change) marks it stale: for a read the window asks ahead of the screen
   * that shows it (the providers of the sign-in form, asked with the session at start).
   */
  keptUntilWritten?: boolean;
}

/** Why a read did not answer with its value: the refusal's message, or the data file out of reach. */
export interface ReadFailure {
  code: string;
  message: string;
}

const UNREACHED: ReadFailure = { code: 'internal', message: 'Needlebook could not reach its data file.' };

/**
 * A record as a screen holds it (the per-record hooks in renderer/src/reads.ts): the last value
 * answered for this input, the latest refusal (never dropped: a screen shows it, with a retry),
 * and whether the first answer is still on its way. A refusal after a value keeps the value on
 * screen beside the refusal — a locked seat hears other seats' changes and is refused every read,
 * and the chart underneath must not lose what is typed in it.
 */
export interface Record_<T> {
  value: T | undefined;
  failure: ReadFailure | null;
  loading: boolean;
  retry: () => void;
}

export function useRecord<C extends ReadChannel>(channel: C, input: InputOf<C>, options: ReadOptions<ResultOf<C>> = {}): Record_<ResultOf<C>> {
  const read = useRead(channel, input, options);
  const key = JSON.stringify([channel, input]);
  const [kept, setKept] = useState<{ key: string; value: ResultOf<C> } | null>(null);
  const data = read.data as Outcome<ResultOf<C>> | undefined;
  // Only a value for this very input is kept: a late answer for the previous record never shows.
  // (Kept in state as it is rendered, React's way of remembering from one render to the next.)
  if (data?.ok && !read.isPlaceholderData && (kept?.key !== key || kept.value !== data.value)) setKept({ key, value: data.value });
  const value = data?.ok ? data.value : kept?.key === key ? kept.value : undefined;
  const failure = read.isError ? UNREACHED : data && !data.ok ? { code: data.error.code, message: data.error.message } : null;
  const { refetch } = read;
  const retry = useCallback(() => void refetch(), [refetch]);
  return { value, failure, loading: value === undefined && failure === null && (options.enabled ?? true), retry };
}

/**
 * A write answered with the record as it now stands (saving a visit's billing answers its billing):
 * that answer is the read's until the read asks again, so a screen never shows the state before
 * its own save in between.
 */
export function answerKnown<C extends ReadChannel>(channel: C, input: InputOf<C>, value: ResultOf<C>): void {
  queryClient.setQueryData([channel, input], { ok: true, value } satisfies Outcome<ResultOf<C>>);
}

/**
 * A read asked at a moment rather than held by a screen (a button's "Start from last visit", the
 * draft's version re-read, the session at start): through the same cache, so it is fresh and the
 * screens holding the same record see the answer too.
 */
export function readNow<C extends ReadChannel>(channel: C, input: InputOf<C>): Promise<Outcome<ResultOf<C>>> {
  return queryClient
    .fetchQuery({
      queryKey: [channel, input],
      queryFn: () => (window.needlebook[channel] as (i: InputOf<C>) => Promise<Outcome<ResultOf<C>>>)(input),
      staleTime: 0,
    })
    .catch((): Outcome<ResultOf<C>> => ({ ok: false, error: { code: 'internal', message: UNREACHED.message, fields: {} } }));
}
