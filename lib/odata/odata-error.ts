/** One entry of an OData error's `details` (v4) or SAP `errordetails` (v2). */
export interface ODataErrorDetail {
  /** The service's code for this detail; `''` when it gave none. */
  readonly code: string;
  /** The human-readable text (SAP's `{lang, value}` reduced to `value`). */
  readonly message: string;
  /** What the detail is about, e.g. a property name (SAP's `propertyref` when `target` is empty); absent when empty. */
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
  /** The service's error code, e.g. `SY/530` or `BadRequest`; `''` when it gave none (a number becomes its text). */
  readonly code: string;
  /** The human-readable text (SAP's `{lang, value}` reduced to `value`). */
  readonly message: string;
  /** What the error is about, e.g. a property or parameter name; absent when the server left it out or empty. */
  readonly target?: string;
  /** Further errors: v4 `details` first, then SAP `errordetails`; `[]` when there are none. */
  readonly details: readonly ODataErrorDetail[];
  /** The server's `innererror`, untouched (SAP puts its `transactionid` there). */
  readonly innererror?: unknown;
}
