/**
 * The main story (`npm start`): a SAP Gateway sales report generated the RxJS way.
 *
 * It starts the embedded OData server (or talks to `--service <url>`), calls the
 * `SalesReportGenerate` function import for Year 2024 (CSRF token and session cookies included),
 * pipes the 202 through `asyncOp$`, shows live progress, and fetches the finished report from
 * the monitor's `ResultURL`. `--fail` and `--timeout` show the two ways an operation can go wrong.
 */
import * as t from 'io-ts';
import { lastValueFrom, tap } from 'rxjs';
import { asyncOp$, createODataClient, isAsyncOpFailedError, isAsyncOpTimeoutError, isEdmValue, type AsyncOpUpdate } from 'rxjs-odata-async';
import { startMockODataServer, type MockODataServer } from 'rxjs-odata-async/testing';
import { progressView } from './support/progress-view.js';
import { parseStoryArgs, StoryUsageError, USAGE, type ReportStoryArgs } from './support/story-args.js';

const SCENARIO_OF = { succeed: 'slow-progress', fail: 'fail', timeout: 'never' } as const;

async function generateReport(args: ReportStoryArgs, serviceRoot: string, scenarioHeader: Record<string, string>): Promise<AsyncOpUpdate> {
  const client = createODataClient({ serviceRoot, protocol: args.protocol, headers: { ...args.headers, ...scenarioHeader } });
  const view = progressView(process.stdout);
  const call = args.params.reduce((builder, [name, value]) => builder.parameter(name, value), client.action(args.action));
  try {
    return await lastValueFrom(
      call.execute().pipe(
        // `result` fetches the report from the ResultURL the monitor hands out at the end.
        asyncOp$(client, { pollInterval: args.pollInterval, maxPolls: args.maxPolls, result: t.unknown }),
        tap((update) => {
          view.update(update);
        }),
      ),
    );
  } finally {
    view.stop();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let args: ReportStoryArgs | 'help';
  try {
    args = parseStoryArgs(argv);
  } catch (error) {
    if (!(error instanceof StoryUsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }

  let server: MockODataServer | undefined;
  try {
    if (args.service === undefined) {
      server = await startMockODataServer();
      console.log(`Embedded OData server: ${server.v2Root}`);
    }
    const serviceRoot = args.service ?? (args.protocol === 'v2' ? server?.v2Root : server?.v4Root) ?? '';
    const scenario: Record<string, string> = server === undefined ? {} : { 'X-Mock-Scenario': SCENARIO_OF[args.outcome] };
    console.log(
      `Calling ${args.action}(${args.params.map(([name, value]) => `${name}=${isEdmValue(value) ? value.value : String(value)}`).join(', ')}) on ${serviceRoot}`,
    );
    const done = await generateReport(args, serviceRoot, scenario);
    console.log(`Report ready: status=${done.status}`);
    if (done.result !== undefined) console.log(JSON.stringify(done.result, null, 2));
    return done.status === 'Succeeded' ? 0 : 1;
  } catch (error) {
    if (isAsyncOpFailedError(error)) {
      console.error(`Report failed: ${error.odataError ? `${error.odataError.message} (${error.odataError.code})` : error.message}`);
    } else if (isAsyncOpTimeoutError(error)) {
      console.error(
        error.reason === 'maxPolls'
          ? `Report timed out after ${error.polls} polls (maxPolls ${args.maxPolls}); it may still be running at ${error.location}`
          : `Report timed out: ${error.message}`,
      );
    } else {
      console.error(`Report could not be generated: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    return 1;
  } finally {
    await server?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
