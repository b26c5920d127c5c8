import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  DATASTORES_STATUS_CHANNEL,
  EntityDatastores,
  signalConcerns,
} from '@datastores/plugin-datastores-common';
import { datastoresApiRef } from '../api';

/** How long to wait before each automatic retry: at most three, backing off. */
export const RETRY_DELAYS_MS: readonly number[] = [2_000, 5_000, 15_000];
/** How often the datastores are read again while they are shown. */
export const REFRESH_INTERVAL_MS = 60_000;

/**
 * Whether a reported error is a source that did not answer in time (a cold Kubernetes query,
 * "did not answer within 1500 ms"): worth asking again shortly.
 */
export function isTimeout(message: string): boolean {
  return /did not answer (within|in time)|timed? ?out|deadline exceeded/i.test(
    message,
  );
}

/**
 * Whether a failed load may succeed if asked again: not an answer that would be the same (a
 * 4xx other than 408 and 429: not found, forbidden, a bad request).
 */
function isTransientFailure(error: Error): boolean {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number') return true;
  return status >= 500 || status === 408 || status === 429;
}

/** What {@link useEntityDatastores} returns. */
export interface EntityDatastoresState {
  /** The last answer; kept while a refresh or a retry runs, and when one fails. */
  value?: EntityDatastores;
  /** The last load's failure, when it failed. */
  error?: Error;
  /** A load is running (the first one, a retry, a refresh). */
  loading: boolean;
  /** An automatic retry is scheduled or running, after a timeout or a failure. */
  retrying: boolean;
  /** Loads again now, with a fresh allowance of retries. */
  refresh: () => void;
  /** Shows an answer got elsewhere (a "refresh now"), as if it had just loaded. */
  replace: (value: EntityDatastores) => void;
}

interface LoadState {
  value?: EntityDatastores;
  error?: Error;
  loading: boolean;
  retrying: boolean;
}

/**
 * The datastores of an entity, as the datastores backend reports them. When the answer reports
 * a source that timed out, or the load fails, it tries again after 2 s, 5 s and 15 s (at most
 * three times); while mounted it reads them again every minute, and at once when the backend
 * signals on `datastores:status` that the entity's datastores changed (their lifecycle moved on:
 * a message naming the entity as the service, or among its datastores' `entityRefs`). Without the
 * signals plugin in the app, only the minute's refresh remains.
 */
export function useEntityDatastores(entityRef: string): EntityDatastoresState {
  const api = useApi(datastoresApiRef);
  const [state, setState] = useState<LoadState>({
    loading: true,
    retrying: false,
  });
  const refreshRef = useRef<() => void>(() => {});
  const replaceRef = useRef<(value: EntityDatastores) => void>(() => {});

  useEffect(() => {
    let active = true;
    /** Only the latest load may set the state. */
    let latest = 0;
    /** Automatic retries used since the last answer that needed none. */
    let retries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (ms: number, next: () => void) => {
      clearTimeout(timer);
      timer = setTimeout(next, ms);
    };

    const load = async () => {
      clearTimeout(timer);
      const id = ++latest;
      setState(s => ({ ...s, loading: true }));
      let value: EntityDatastores | undefined;
      let error: Error | undefined;
      try {
        value = await api.getEntityDatastores(entityRef);
      } catch (e) {
        error = e as Error;
      }
      if (!active || id !== latest) return;
      const transient = error
        ? isTransientFailure(error)
        : value!.errors.some(e => isTimeout(e.message));
      if (!transient) retries = 0;
      const retrying = transient && retries < RETRY_DELAYS_MS.length;
      if (retrying) {
        schedule(RETRY_DELAYS_MS[retries++], load);
      } else {
        schedule(REFRESH_INTERVAL_MS, refreshNow);
      }
      setState(s => ({
        value: value ?? s.value,
        error,
        loading: false,
        retrying,
      }));
    };
    /** The periodic refresh: skipped, not dropped, while the page is hidden. */
    function refreshNow() {
      if (
        typeof document !== 'undefined' &&
        document.visibilityState === 'hidden'
      ) {
        schedule(REFRESH_INTERVAL_MS, refreshNow);
        return;
      }
      load();
    }

    refreshRef.current = () => {
      retries = 0;
      setState(s => ({ ...s, retrying: false }));
      load();
    };
    replaceRef.current = value => {
      // A load still running would overwrite it with an older answer: it is dropped.
      latest++;
      retries = 0;
      schedule(REFRESH_INTERVAL_MS, refreshNow);
      setState({ value, loading: false, retrying: false });
    };
    // Another entity: nothing of the previous one's answer applies.
    setState({ loading: true, retrying: false });
    load();
    return () => {
      active = false;
      clearTimeout(timer);
      refreshRef.current = () => {};
      replaceRef.current = () => {};
    };
  }, [api, entityRef]);

  // Live update: a signal about this entity reads it again now, as "Refresh" does. Only a new
  // message counts, not the last one seen again when the entity changes.
  const { lastSignal } = useSignal(DATASTORES_STATUS_CHANNEL);
  const handledSignal = useRef(lastSignal);
  useEffect(() => {
    if (!lastSignal || lastSignal === handledSignal.current) return;
    handledSignal.current = lastSignal;
    if (signalConcerns(lastSignal, entityRef)) refreshRef.current();
  }, [lastSignal, entityRef]);

  const refresh = useCallback(() => refreshRef.current(), []);
  const replace = useCallback(
    (value: EntityDatastores) => replaceRef.current(value),
    [],
  );
  return { ...state, refresh, replace };
}
