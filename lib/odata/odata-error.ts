/** One entry of an OData error's `details` (v4) or SAP `errordetails` (v2). */
export interface ODataErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
  /** SAP v2 only: `error`, `warning`, `info`, `success`. */
  readonly severity?: string;
}

/**
 * An OData error body in one shape, whichever shape the server used: the OData v4 JSON
 * error (`{"error":{"code","message","target","details"}}`) or the SAP Gateway v2 one
 * (`{"error":{"code","message":{"lang","value"},"innererror":{"errordetails":[..]}}}`).
 */
export interface ODataError {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
  readonly details: readonly ODataErrorDetail[];
  /** The server's `innererror`, untouched (SAP puts its `transactionid` there). */
  readonly innererror?: unknown;
}
