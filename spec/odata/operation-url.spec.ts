import fc from 'fast-check';
import { edm } from '../../lib/odata/edm.js';
import type { ParameterValue } from '../../lib/odata/literals.js';
import { assertODataIdentifier, boundPathV4, functionPathV4, v2QueryString } from '../../lib/odata/operation-url.js';

const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('assertODataIdentifier', () => {
  it.each(['Approve', 'Sales.Approve', 'com.sap.gateway.Sales.Approve', 'SALES_REPORT_2', '_private', 'a1.b2', 'X'])('accepts %s', (name) => {
    expect(() => {
      assertODataIdentifier(name, 'action name');
    }).not.toThrow();
  });

  it('rejects an empty name', () => {
    expect(() => {
      assertODataIdentifier('', 'action name');
    }).toThrow(new TypeError(`action name "" must be ASCII letters, digits and _ (no digit first), '.' between namespace parts`));
  });

  it.each<[string, string]>([
    ['a b', 'a space'],
    ["x')", 'a quote'],
    ['x"', `'"'`],
    ['Fn(1)', "'('"],
    ['Fn)', "')'"],
    ['a?b', "'?'"],
    ['a#b', "'#'"],
    ['a&b', "'&'"],
    ['a=b', "'='"],
    ['/IWBEP/Foo', "'/'"],
    ['a\\b', "'\\'"],
    ['a\rb', 'CR'],
    ['a\nb', 'LF'],
    ['a\tb', 'a tab'],
    ['a\u0000b', 'a control character'],
    ['a\u007fb', 'a control character'],
    ['Élan', "'É'"],
    ['a😀', "'😀'"],
    ['a-b', "'-'"],
    ['2024Report', 'a segment that starts with a digit'],
    ['Sales.1Approve', 'a segment that starts with a digit'],
    ['.Approve', 'an empty segment'],
    ['Sales.', 'an empty segment'],
    ['Sales..Approve', 'an empty segment'],
    ['.', 'an empty segment'],
  ])('rejects %j: %s', (name) => {
    // JSON quoting shows the offending character, even an invisible one (CR as \r, NUL as \u0000).
    expect(() => {
      assertODataIdentifier(name, 'parameter name');
    }).toThrow(new TypeError(`parameter name ${JSON.stringify(name)} must be ASCII letters, digits and _ (no digit first), '.' between namespace parts`));
  });

  it('rejects non-strings', () => {
    expect(() => {
      (assertODataIdentifier as (name: unknown, what: string) => void)(42, 'function name');
    }).toThrow(new TypeError("function name 42 must be ASCII letters, digits and _ (no digit first), '.' between namespace parts"));
  });

  it('accepts exactly the identifier grammar (property)', () => {
    const grammar = /^[A-Z_]\w*(?:\.[A-Z_]\w*)*$/i;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '_', '0', '9', '.', ' ', '/', "'", '(', 'é', '\n') }), (name) => {
        let accepted = true;
        try {
          assertODataIdentifier(name, 'name');
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          accepted = false;
        }
        expect(accepted).toBe(grammar.test(name));
      }),
    );
  });
});

describe('functionPathV4', () => {
  it('writes inline parameters with encoded v4 literals (PROTOCOL.md example)', () => {
    expect(
      functionPathV4('Fn', [
        ['d', edm.date('2024-01-31')],
        ['dt', edm.dateTimeOffset('2024-01-31T10:00:00Z')],
        ['g', edm.guid(GUID)],
        ['n', edm.decimal('12.50')],
        ['s', 'x'],
      ]),
    ).toBe(`Fn(d=2024-01-31,dt=2024-01-31T10%3A00%3A00Z,g=${GUID},n=12.50,s=%27x%27)`);
  });

  it('writes Fn() without parameters', () => {
    expect(functionPathV4('Fn', [])).toBe('Fn()');
    expect(functionPathV4('Sales.TopOrders', [])).toBe('Sales.TopOrders()');
  });

  it('writes the other plain values', () => {
    expect(
      functionPathV4('Fn', [
        ['a', 42],
        ['b', true],
        ['c', null],
        ['d', 1.5],
        ['e', "it's"],
      ]),
    ).toBe('Fn(a=42,b=true,c=null,d=1.5,e=%27it%27%27s%27)');
  });

  it('checks the function and parameter names', () => {
    expect(() => functionPathV4('Fn()', [])).toThrow('function name "Fn()" must be ASCII letters');
    expect(() => functionPathV4('Fn', [['a,b', 1]])).toThrow('parameter name "a,b" must be ASCII letters');
    expect(() => functionPathV4('Fn', [['', 1]])).toThrow('parameter name "" must be ASCII letters');
  });

  it('refuses a parameter given twice', () => {
    expect(() =>
      functionPathV4('Fn', [
        ['a', 1],
        ['a', 2],
      ]),
    ).toThrow(new TypeError('parameter "a" is given twice'));
  });

  it('refuses values without a v4 literal', () => {
    expect(() => functionPathV4('Fn', [['a', edm.dateTime('2024-01-31T10:00:00')]])).toThrow(/does not exist in OData v4/);
  });

  it('keeps any string value inside its parameter (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '/', '?', '#', '&', '=', '\r', '\n', ' ', '(', ')', ',', '%', 'a') }), (s) => {
        const path = functionPathV4('Fn', [
          ['s', s],
          ['t', 1],
        ]);
        // The structure survives: exactly one '(' and ')', one ',' between the two parameters.
        expect(path).toMatch(/^Fn\(s=[\w\-.~%]*,t=1\)$/);
        const inner = /^Fn\(s=(.*),t=1\)$/.exec(path)?.[1] ?? '';
        expect(decodeURIComponent(inner).slice(1, -1).replaceAll("''", "'")).toBe(s);
      }),
    );
  });
});

describe('v2QueryString', () => {
  it('writes encoded v2 literals joined with &', () => {
    expect(
      v2QueryString([
        ['Year', 2024],
        ['Name', 'x'],
      ]),
    ).toBe('Year=2024&Name=%27x%27');
  });

  it("is '' without parameters", () => {
    expect(v2QueryString([])).toBe('');
  });

  it('writes each v2 literal form of PROTOCOL.md encoded', () => {
    const params: Array<readonly [string, ParameterValue]> = [
      ['S', "it's"],
      ['D', edm.dateTime('2024-01-31T00:00:00')],
      ['O', edm.dateTimeOffset('2024-01-31T10:00:00Z')],
      ['T', edm.time('PT10H30M')],
      ['G', edm.guid(GUID)],
      ['M', edm.decimal('12.50')],
      ['L', edm.int64('9007199254740993')],
      ['Dbl', edm.double(1.5)],
      ['F', edm.single(1.5)],
      ['X', edm.binary('0A1B')],
      ['B', true],
      ['N', null],
    ];
    expect(v2QueryString(params)).toBe(
      [
        'S=%27it%27%27s%27',
        'D=datetime%272024-01-31T00%3A00%3A00%27',
        'O=datetimeoffset%272024-01-31T10%3A00%3A00Z%27',
        'T=time%27PT10H30M%27',
        `G=guid%27${GUID}%27`,
        'M=12.50M',
        'L=9007199254740993L',
        'Dbl=1.5D',
        'F=1.5F',
        'X=X%270A1B%27',
        'B=true',
        'N=null',
      ].join('&'),
    );
    // What the server reads after percent-decoding is exactly the protocol form.
    expect(decodeURIComponent(v2QueryString([['O', edm.dateTimeOffset('2024-01-31T10:00:00Z')]]))).toBe("O=datetimeoffset'2024-01-31T10:00:00Z'");
  });

  it('checks names, duplicates and values', () => {
    expect(() => v2QueryString([['a&b', 1]])).toThrow('parameter name "a&b" must be ASCII letters');
    expect(() =>
      v2QueryString([
        ['A', 1],
        ['A', 1],
      ]),
    ).toThrow('parameter "A" is given twice');
    expect(() => v2QueryString([['A', edm.duration('PT1H')]])).toThrow(/does not exist in OData v2/);
  });

  it('keeps any string value inside its parameter (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom("'", '&', '=', '#', '\r', '\n', '+', ' ', 'a') }), (s, t) => {
        const query = v2QueryString([
          ['S', s],
          ['T', t],
        ]);
        const pairs = new URLSearchParams(query);
        expect([...pairs.keys()]).toEqual(['S', 'T']);
        expect(pairs.get('S')).toBe(`'${s.replaceAll("'", "''")}'`);
        expect(pairs.get('T')).toBe(`'${t.replaceAll("'", "''")}'`);
      }),
    );
  });
});

describe('boundPathV4', () => {
  it('appends the qualified name to the entity path', () => {
    expect(boundPathV4("Orders('42')", 'Sales.Approve')).toBe("Orders('42')/Sales.Approve");
    expect(boundPathV4('Orders(42)/Items(1)', 'Sales.Ship')).toBe('Orders(42)/Items(1)/Sales.Ship');
    expect(boundPathV4("Orders('a..b')", 'Sales.Approve')).toBe("Orders('a..b')/Sales.Approve");
    // '..' that is not a whole segment is harmless: URL normalisation leaves it alone.
    expect(boundPathV4("Orders('/..')", 'Sales.Approve')).toBe("Orders('/..')/Sales.Approve");
    expect(new URL(`https://host/srv/${boundPathV4("Orders('/..')", 'Sales.Approve')}`).pathname).toBe("/srv/Orders('/..')/Sales.Approve");
  });

  it('needs a namespace-qualified name', () => {
    expect(() => boundPathV4('Orders(1)', 'Approve')).toThrow(
      new TypeError(`bound operation name "Approve" must be namespace-qualified, e.g. 'Sales.Approve'`),
    );
    expect(() => boundPathV4('Orders(1)', 'Sales.Ap prove')).toThrow('bound operation name "Sales.Ap prove" must be ASCII letters');
  });

  it.each<[string, string]>([
    ['', 'empty'],
    [' ', 'blank'],
    ['/Orders(1)', 'a leading slash'],
    ['https://evil.example/Orders(1)', 'a scheme'],
    ['javascript:alert(1)', 'a scheme'],
    ['Orders(1)?$x=1', 'a query'],
    ['Orders(1)#x', 'a fragment'],
    ['Orders(1)\\x', 'a backslash'],
    ["Orders('a\r\nb')", 'CR and LF'],
    ["Orders('a\nb')", 'LF'],
    ["Orders('a\u0000b')", 'NUL'],
    ['Orders(1)/../Admin', 'a .. segment'],
    ['..', 'a .. segment'],
    ['Orders(1)/./x', 'a . segment'],
    ['Orders(1)/%2e%2E/Admin', 'a percent-encoded .. segment'],
    // URL parsers know nothing of quotes: this '..' would climb out of the entity path.
    ["Orders('/../')", 'a .. segment inside a key'],
    ['Orders(1)//Items', 'an empty segment'],
    ['Orders(1)/', 'a trailing slash'],
  ])('refuses the entity path %j (%s)', (entityPath) => {
    expect(() => boundPathV4(entityPath, 'Sales.Approve')).toThrow(
      new TypeError(
        `entity path ${JSON.stringify(entityPath)} must be relative like "Orders('42')", without ?, #, \\, control characters or empty, . or .. segments`,
      ),
    );
  });

  it('refuses a non-string entity path', () => {
    expect(() => (boundPathV4 as (path: unknown, name: string) => string)(undefined, 'Sales.Approve')).toThrow('entity path undefined must be relative');
  });
});
