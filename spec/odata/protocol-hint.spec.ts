import { v2ProtocolHint } from '../../lib/odata/protocol-hint';
import type { ODataError } from '../../lib/odata/odata-error';

const error = (message: string, details: string[] = []): ODataError => ({
  code: '/IWBEP/CM_MGW_RT/020',
  message,
  details: details.map((text) => ({ code: '', message: text })),
});

describe('v2ProtocolHint', () => {
  it.each([
    ["SAP Gateway's own words", "The mandatory parameter 'Year' is missing"],
    ['other casing and wording', 'MANDATORY PARAMETER YEAR MISSING IN FUNCTION IMPORT SalesReportGenerate'],
  ])("suggests protocol: 'v2' for %s", (_, message) => {
    expect(v2ProtocolHint(error(message))).toMatch(/set protocol: 'v2' for a SAP Gateway v2 service/);
  });

  it('reads the details too (SAP errordetails: the top message may be generic)', () => {
    expect(v2ProtocolHint(error('Bad request', ["The mandatory parameter 'Year' is missing"]))).toMatch(/protocol: 'v2'/);
  });

  it.each([
    ['no OData error', undefined],
    ['another 400', error('Year 1999 is archived')],
    ['a missing parameter that is not called mandatory', error("Parameter 'Year' is missing")],
    ['a mandatory field, not a parameter', error("Mandatory field 'Region' is missing")],
    ['an empty message', error('')],
  ])('gives no hint for %s', (_, odataError) => {
    expect(v2ProtocolHint(odataError)).toBeUndefined();
  });

  it('reads a hostile message of 5 MB in linear time', () => {
    const huge = error('mandatory parameter '.repeat(250_000));
    const started = performance.now();
    expect(v2ProtocolHint(huge)).toBeUndefined();
    // Generous: a backtracking scan would take minutes, a linear one a few ms even on a busy machine.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
