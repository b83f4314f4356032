/** What the page's query string may change: `?poll=150` for fast runs (the end-to-end test). */
export interface DashboardSettings {
  /** ms between status requests. */
  readonly pollInterval: number;
}

const DEFAULT_POLL_INTERVAL = 1000;

/** Reads the settings from `location.search`; out-of-range or malformed values keep the default. */
export function readSettings(search: string): DashboardSettings {
  const poll = Number(new URLSearchParams(search).get('poll'));
  return { pollInterval: Number.isInteger(poll) && poll >= 20 && poll <= 60_000 ? poll : DEFAULT_POLL_INTERVAL };
}
