import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/api-context.ts';
import { ApiError, isAbortError } from '../api/api-error.ts';
import { fetchSections, type GroupQuery, type RecommendationResult } from './fetch-sections.ts';

/** Where the results are: nothing asked yet, loading (with the previous results, if any), shown, or failed. */
export type RecommendationsState =
  | { status: 'idle' }
  | { status: 'loading'; previous: RecommendationResult | null }
  | { status: 'ready'; result: RecommendationResult }
  | { status: 'error'; error: ApiError };

/** Quick successive changes (ticking three filters, adding three players) become one request. */
const SETTLE_MS = 150;

/**
 * Fetches recommendations whenever the query changes (null = the group is not ready), cancelling the
 * previous request. Errors about one member go to onMemberError so they show next to that member.
 */
export function useRecommendations(
  query: GroupQuery | null,
  onMemberError: (index: number, error: ApiError) => void,
): { state: RecommendationsState; retry: () => void } {
  const api = useApi();
  const [state, setState] = useState<RecommendationsState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const onMemberErrorRef = useRef(onMemberError);
  useEffect(() => {
    onMemberErrorRef.current = onMemberError;
  }, [onMemberError]);
  const key = query ? JSON.stringify(query) : null;

  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    const current = JSON.parse(key) as GroupQuery;
    const controller = new AbortController();
    setState((prev) => ({
      status: 'loading',
      previous: prev.status === 'ready' ? prev.result : prev.status === 'loading' ? prev.previous : null,
    }));
    const timer = setTimeout(() => {
      fetchSections(api, current, controller.signal).then(
        (result) => setState({ status: 'ready', result }),
        (error: unknown) => {
          if (isAbortError(error) || controller.signal.aborted) return;
          const apiError = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error));
          // A member's error is shown next to that member, which also takes the group out of "ready".
          if (apiError.memberIndex !== undefined) {
            setState({ status: 'idle' });
            onMemberErrorRef.current(apiError.memberIndex, apiError);
          } else {
            setState({ status: 'error', error: apiError });
          }
        },
      );
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
