import { InjectionToken } from '@angular/core';
import type { OperationTracker } from '../lro/tracker/operation-tracker.js';

/**
 * The app's operation tracker, provided by `provideOperationTracker(options)`.
 *
 * @example
 * ```ts
 * @Injectable({ providedIn: 'root' })
 * export class ReportsService {
 *   private readonly tracker = inject(OPERATION_TRACKER);
 *   readonly reports$ = this.tracker.operations$;
 * }
 * ```
 */
export const OPERATION_TRACKER = new InjectionToken<OperationTracker>('OPERATION_TRACKER (provided by provideOperationTracker)');
