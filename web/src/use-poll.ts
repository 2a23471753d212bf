/** Polling a REST resource while a page shows it. */
import { useEffect, useRef, useState } from 'react';
import { useRefreshInterval } from './refresh.js';

/**
 * The latest answer of `load` (re-run every refresh interval and when `key` changes) and the last
 * error. With `live` false it runs once per key (a page that refreshes on demand).
 */
export function usePoll<T>(key: string, load: () => Promise<T>, live = true): { data?: T; error?: Error } {
  const interval = useRefreshInterval();
  const [state, setState] = useState<{ key: string; data?: T; error?: Error }>({ key });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      try {
        const data = await loadRef.current();
        if (!stopped) setState({ key, data });
      } catch (error) {
        if (!stopped) setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: error as Error }));
      }
      // The next request starts after this one ended: a slow server never gets a queue of polls.
      if (!stopped && live) timer = setTimeout(() => void tick(), interval);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, interval, live]);
  return state.key === key ? { data: state.data, error: state.error } : {};
}
