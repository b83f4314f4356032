/** What the page's query string may change: `?poll=150` for fast runs (the end-to-end test), `?pause=hidden`. */
export interface DashboardSettings {
  /** ms between status requests. */
  readonly pollInterval: number;
  /**
   * `?pause=hidden`: the tab that polls sends nothing while it is hidden (`pauseWhenHidden`). Off
   * by default: with several tabs open, the one that polls for all may well be in the background.
   */
  readonly pauseWhenHidden: boolean;
}

const DEFAULT_POLL_INTERVAL = 1000;

/** Reads the settings from `location.search`; out-of-range or malformed values keep the default. */
export function readSettings(search: string): DashboardSettings {
  const query = new URLSearchParams(search);
  const poll = Number(query.get('poll'));
  return {
    pollInterval: Number.isInteger(poll) && poll >= 20 && poll <= 60_000 ? poll : DEFAULT_POLL_INTERVAL,
    pauseWhenHidden: query.get('pause') === 'hidden',
  };
}
