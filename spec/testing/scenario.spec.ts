import { layerScenario, parseScenario, resolveScenario } from '../../lib/testing/scenario.js';

describe('parseScenario', () => {
  it('accepts every field', () => {
    const scenario = {
      runningPolls: 3,
      runFor: 50,
      outcome: 'Failed',
      result: { any: ['thing'] },
      error: { code: 'E', message: 'm' },
      errorStatus: 422,
      progress: [0, 50.5, 100],
      retryAfter: 'http-date+3',
      changingLocation: true,
      relativeLocation: 'absolute-path',
      faults: [
        { at: 1, kind: 'slow', delayMs: 10 },
        { at: 2, kind: '429', retryAfter: 0 },
      ],
      noLocation: false,
      foreignLocation: 'https://x.invalid/',
      completion: 'envelope',
      deleteAfterComplete: 'gone',
      cancel: 'async',
      sync: false,
      azure: {
        monitor: 'operation-location',
        resultLocation: true,
        status: 201,
        resourceLocation: false,
        startFaults: [{ at: 1, kind: '500' }],
      },
    };
    expect(parseScenario(scenario)).toEqual({ ok: true, value: scenario });
    expect(parseScenario({ runningPolls: Number.POSITIVE_INFINITY, result: undefined })).toEqual({
      ok: true,
      value: { runningPolls: Number.POSITIVE_INFINITY, result: undefined },
    });
  });

  it.each<[unknown, string]>([
    [null, 'must be a JSON object'],
    [[], 'must be a JSON object'],
    [{ runningPolls: 1.5 }, 'runningPolls'],
    [{ runningPolls: -1 }, 'runningPolls'],
    [{ runFor: Number.POSITIVE_INFINITY }, 'runFor'],
    [{ outcome: 'succeeded' }, 'outcome'],
    [{ error: 'boom' }, 'error must be'],
    [{ error: { code: 1, message: 'm' } }, 'error must be'],
    [{ errorStatus: 200 }, 'errorStatus'],
    [{ progress: 50 }, 'progress'],
    [{ progress: [101] }, 'progress'],
    [{ retryAfter: -1 }, 'retryAfter'],
    [{ retryAfter: true }, 'retryAfter'],
    [{ changingLocation: 'yes' }, 'changingLocation must be a boolean'],
    [{ sync: 1 }, 'sync must be a boolean'],
    [{ relativeLocation: 'path' }, 'relativeLocation'],
    [{ faults: {} }, 'faults must be an array'],
    [{ faults: [1] }, 'faults[0] must be an object'],
    [{ faults: [{ at: 1, kind: '500', extra: 1 }] }, 'faults[0] has an unknown field "extra"'],
    [{ faults: [{ at: 0, kind: '500' }] }, 'faults[0].at'],
    [
      {
        faults: [
          { at: 1, kind: '500' },
          { at: 2, kind: 'boom' },
        ],
      },
      'faults[1].kind',
    ],
    [{ faults: [{ at: 1, kind: '429', retryAfter: 'x' }] }, 'faults[0].retryAfter'],
    [{ faults: [{ at: 1, kind: 'slow', delayMs: -5 }] }, 'faults[0].delayMs'],
    [{ foreignLocation: 5 }, 'foreignLocation'],
    [{ completion: 'both' }, 'completion'],
    [{ deleteAfterComplete: 'later' }, 'deleteAfterComplete'],
    [{ cancel: 'never' }, 'cancel'],
    [{ outcomes: 'Failed' }, 'unknown scenario field "outcomes"'],
    [{ azure: 'operation-location' }, 'azure must be an object'],
    [{ azure: { monitor: 'Operation-Location' } }, 'azure.monitor must be one of'],
    [{ azure: { resultLocation: 'yes' } }, 'azure.resultLocation must be a boolean'],
    [{ azure: { status: 204 } }, 'azure.status must be 200, 201 or 202'],
    [{ azure: { resourceLocation: 1 } }, 'azure.resourceLocation must be a boolean'],
    [{ azure: { startFaults: [{ at: 0, kind: '500' }] } }, 'azure.startFaults[0].at'],
    [{ azure: { startFaults: {} } }, 'azure.startFaults must be an array'],
    [{ azure: { finalState: 'location' } }, 'unknown scenario field "azure.finalState"'],
  ])('refuses %j', (input, message) => {
    const result = parseScenario(input);
    expect(result.ok ? '' : result.error).toContain(message);
  });
});

describe('layerScenario and resolveScenario', () => {
  it('lets the top layer win and drops an inherited runFor when runningPolls is set', () => {
    expect(layerScenario({ runFor: 100, outcome: 'Failed' }, { runningPolls: 0 })).toEqual({ runFor: undefined, outcome: 'Failed', runningPolls: 0 });
    expect(layerScenario({ runFor: 100 }, { runningPolls: 0, runFor: 5 })).toEqual({ runFor: 5, runningPolls: 0 });
    expect(layerScenario({ runFor: 100 }, { outcome: 'Failed' })).toEqual({ runFor: 100, outcome: 'Failed' });
  });

  it('merges the azure field by field, so an inline layer keeps the named monitor style', () => {
    expect(layerScenario({ azure: { monitor: 'location', status: 201 } }, { azure: { status: 200 } })).toEqual({ azure: { monitor: 'location', status: 200 } });
    expect(layerScenario({ azure: { monitor: 'location' } }, { outcome: 'Failed' })).toEqual({ azure: { monitor: 'location' }, outcome: 'Failed' });
    expect(layerScenario({}, { azure: { status: 201 } })).toEqual({ azure: { status: 201 } });
  });

  it('fills in the defaults', () => {
    expect(resolveScenario({})).toEqual({
      runningPolls: 2,
      runFor: undefined,
      outcome: 'Succeeded',
      result: undefined,
      error: { code: 'REPORT_FAILED', message: 'Report generation failed' },
      errorStatus: 500,
      progress: [],
      retryAfter: undefined,
      changingLocation: false,
      relativeLocation: false,
      faults: [],
      noLocation: false,
      foreignLocation: undefined,
      completion: 'auto',
      deleteAfterComplete: false,
      cancel: 'sync',
      sync: false,
      azure: { monitor: undefined, resultLocation: false, status: 202, resourceLocation: true, startFaults: [] },
    });
  });
});
