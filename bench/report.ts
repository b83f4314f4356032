/** What one benchmark hands back to bench/run.ts: a title, a Markdown table and notes. */
export interface BenchReport {
  readonly title: string;
  /** How the workload was set up, in one or two sentences. */
  readonly setup: string;
  readonly table: string;
  /** The ratios against the targets, and anything a reader must know to trust the figures. */
  readonly notes: readonly string[];
  /** True when every target of this benchmark was met. */
  readonly met: boolean;
}

/** Prints a report as Markdown. */
export function formatReport(report: BenchReport): string {
  return [`## ${report.title}`, '', report.setup, '', report.table, '', ...report.notes.map((n) => `- ${n}`), ''].join('\n');
}
