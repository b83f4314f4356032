import { parseArgs } from 'node:util';
import type { ParameterValue } from 'rxjs-odata-async';

/** What the report story was asked to do. */
export interface ReportStoryArgs {
  /** A real service root; without it the story starts the embedded server. */
  readonly service: string | undefined;
  readonly protocol: 'v2' | 'v4';
  readonly action: string;
  readonly params: ReadonlyArray<readonly [string, ParameterValue]>;
  readonly headers: Readonly<Record<string, string>>;
  /** Embedded server only: make the operation fail, or never end. */
  readonly outcome: 'succeed' | 'fail' | 'timeout';
  readonly pollInterval: number;
  readonly maxPolls: number;
}

export const USAGE = `Usage: npm start -- [options]

Without --service, starts the embedded OData server and generates a sales report on its
SAP Gateway v2 service, showing live progress.

  --fail                 the operation fails on the server (exit 1 with its message)
  --timeout              the operation never ends (exit 1 after --max-polls polls)
  --service <url>        a real service root instead of the embedded server
  --action <name>        the action / function import (default SalesReportGenerate)
  --param <Name=Value>   a parameter, repeatable; numbers and true/false are typed (default Year=2024
                         on the embedded server, none with --service)
  --protocol <v2|v4>     the service's OData dialect (default v2)
  --header <Name:Value>  a header for every request, repeatable (e.g. Authorization, sap-client)
  --poll-interval <ms>   wait between status requests (default 500 embedded, 2000 otherwise)
  --max-polls <n>        give up after n status requests (default 30; 5 with --timeout)
  --help                 this text`;

/** A usage error: the story prints it with the usage text and exits 2. */
export class StoryUsageError extends Error {
  override readonly name = 'StoryUsageError';
}

/** Parses the story's command line; throws `StoryUsageError` for anything it cannot use. */
export function parseStoryArgs(argv: readonly string[]): ReportStoryArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        fail: { type: 'boolean' },
        timeout: { type: 'boolean' },
        service: { type: 'string' },
        action: { type: 'string' },
        param: { type: 'string', multiple: true },
        protocol: { type: 'string' },
        header: { type: 'string', multiple: true },
        'poll-interval': { type: 'string' },
        'max-polls': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new StoryUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (values.fail && values.timeout) throw new StoryUsageError('--fail and --timeout cannot be combined');
  if (values.service !== undefined && (values.fail || values.timeout))
    throw new StoryUsageError('--fail and --timeout are scenarios of the embedded server; they do not apply with --service');
  const protocol = values.protocol ?? 'v2';
  if (protocol !== 'v2' && protocol !== 'v4') throw new StoryUsageError(`--protocol must be v2 or v4, got ${protocol}`);
  const outcome = values.fail ? 'fail' : values.timeout ? 'timeout' : 'succeed';
  const params = (values.param ?? (values.service === undefined ? ['Year=2024'] : [])).map(parseParam);
  return {
    service: values.service,
    protocol,
    action: values.action ?? 'SalesReportGenerate',
    params,
    headers: Object.fromEntries((values.header ?? []).map(parseHeader)),
    outcome,
    pollInterval: positiveInteger(values['poll-interval'], '--poll-interval', values.service === undefined ? 500 : 2000, 0),
    maxPolls: positiveInteger(values['max-polls'], '--max-polls', outcome === 'timeout' ? 5 : 30, 1),
  };
}

function parseParam(text: string): readonly [string, ParameterValue] {
  const at = text.indexOf('=');
  if (at <= 0) throw new StoryUsageError(`--param takes Name=Value, got ${JSON.stringify(text)}`);
  const raw = text.slice(at + 1);
  const value: ParameterValue = /^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
  return [text.slice(0, at), value];
}

function parseHeader(text: string): [string, string] {
  const at = text.indexOf(':');
  if (at <= 0) throw new StoryUsageError(`--header takes Name:Value, got ${JSON.stringify(text)}`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

function positiveInteger(text: string | undefined, flag: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new StoryUsageError(`${flag} must be an integer ≥ ${min}, got ${JSON.stringify(text)}`);
  return n;
}
