// The handlers of EchoService (CAP finds this file by its name, next to echo-service.cds).
const { Buffer } = require('node:buffer');
const cds = require('@sap/cds');

/** How CAP handed a parameter value to the handler: its JS type and its exact text. */
function describe(value) {
  if (value === null || value === undefined) return { type: String(value) };
  if (Buffer.isBuffer(value)) return { type: 'Buffer', value: value.toString('hex') };
  if (value instanceof Date) return { type: 'Date', value: value.toISOString() };
  return { type: typeof value, value: typeof value === 'object' ? JSON.stringify(value) : String(value) };
}

/** The echo: every parameter CAP parsed, described. */
const echo = (req) => JSON.stringify(Object.fromEntries(Object.entries(req.data).map(([name, value]) => [name, describe(value)])));

/** The steps a job's monitor goes through, one per read: Running with progress, then the end. */
const STEPS = [
  ['Running', 0],
  ['Running', 50],
];

module.exports = class EchoService extends cds.ApplicationService {
  init() {
    /** Started jobs: ID → reads so far and whether the job fails. */
    const jobs = new Map();

    this.on(['echoTypes', 'echoTypesFn', 'echoPlain', 'echoPlainFn', 'echoV2Fn'], echo);

    this.on('approve', 'Orders', (req) =>
      JSON.stringify({ params: req.params, data: Object.fromEntries(Object.entries(req.data).map(([k, v]) => [k, describe(v)])) }),
    );

    this.on('startJob', (req) => {
      const ID = cds.utils.uuid();
      jobs.set(ID, { reads: 0, fail: req.data.Fail === true });
      // CAP's own means for an asynchronous answer: the status and Location on the HTTP response; no body.
      req.http.res.status(202).set('Location', `Jobs(${ID})`);
    });

    this.on('READ', 'Jobs', (req) => {
      const ID = req.params[0]?.ID ?? req.params[0];
      const job = jobs.get(ID);
      if (!job) return req.reject(404, `no job ${ID}`);
      const [Status, PercentComplete] = STEPS[job.reads] ?? [job.fail ? 'Failed' : 'Succeeded', 100];
      job.reads += 1;
      return { ID, Status, PercentComplete };
    });

    this.on('READ', 'Orders', (req) => ({ ID: req.params[0]?.ID ?? req.params[0], Title: 'An order' }));

    this.on(['closeYear', 'closeYearFn'], (req) =>
      req.reject({ status: 400, code: 'YEAR_CLOSED', message: `Year ${req.data.Year} is closed`, target: 'Year' }),
    );

    return super.init();
  }
};
