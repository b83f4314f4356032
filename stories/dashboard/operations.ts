/**
 * The operations the dashboard starts: one `SalesReportGenerate` call each, on the embedded
 * server's OData v4 service, whose scenario (`X-Mock-Scenario`) decides how it runs and ends.
 */
export interface OperationSpec {
  /** Stable id, used in `data-op` attributes. */
  readonly id: string;
  readonly title: string;
  /** What a person should expect to see. */
  readonly expect: string;
  /** The embedded server's scenario name. */
  readonly scenario: string;
  readonly year: number;
  readonly region?: string;
  /** Status requests before the poller gives up (`AsyncOpTimeoutError`). */
  readonly maxPolls: number;
}

export const OPERATIONS: readonly OperationSpec[] = [
  { id: 'snapshot', title: 'Daily sales snapshot', expect: 'done on the first poll', scenario: 'fast', year: 2025, maxPolls: 30 },
  { id: 'annual', title: 'Annual sales report 2024', expect: 'five progress steps, then done', scenario: 'slow-progress', year: 2024, maxPolls: 30 },
  { id: 'emea', title: 'EMEA reconciliation', expect: 'fails with the server’s message', scenario: 'fail', year: 2023, region: 'EMEA', maxPolls: 30 },
  // OData v4 reports a cancel by the service as an embedded 5xx, which cannot be told apart from a
  // failure on the wire: the library reports Failed, with the service's message.
  { id: 'inventory', title: 'Inventory rebuild', expect: 'the service cancels it (v4: a failed outcome)', scenario: 'cancelled', year: 2024, maxPolls: 30 },
  { id: 'archive', title: 'Legacy archive scan', expect: 'never ends: gives up after 6 polls', scenario: 'never', year: 2019, maxPolls: 6 },
  { id: 'export', title: 'Full data export', expect: 'runs until you cancel it', scenario: 'never', year: 2024, maxPolls: Number.POSITIVE_INFINITY },
];
