namespace echo;

/**
 * What the CAP suite of rxjs-odata-async calls: each echo operation answers with a JSON text that
 * says how CAP parsed each parameter (its JS type and value), so that a test can compare it with
 * what the client meant to send.
 */
service EchoService {
  /** The entity of the bound action; served from memory by the handler (there is no database). */
  entity Orders {
    key ID    : String;
        Title : String;
  } actions {
    action approve(Note : String, Amount : Decimal) returns LargeString;
  };

  /** The monitor of an async job; served from memory, one step further on each read. */
  entity Jobs {
    key ID              : UUID;
        Status          : String;
        PercentComplete : Integer;
  };

  /** One parameter of each EDM type of the README's edm table that v4 has (Duration and Single by annotation: CDS has no such types). */
  action echoTypes(Dec : Decimal, I64 : Int64, Guid : UUID, Day : Date, Instant : Timestamp, Clock : Time,
    @odata.Type: 'Edm.Duration' Span : String, Bin : Binary, Dbl : Double, @odata.Type: 'Edm.Single' Sgl : Double) returns LargeString;
  function echoTypesFn(Dec : Decimal, I64 : Int64, Guid : UUID, Day : Date, Instant : Timestamp, Clock : Time,
    @odata.Type: 'Edm.Duration' Span : String, Bin : Binary, Dbl : Double, @odata.Type: 'Edm.Single' Sgl : Double) returns LargeString;

  /** Parameters for plain JS values: string, int32 and larger numbers, fractions, booleans, null, Date. */
  action echoPlain(Text : String, Count : Integer, Big : Int64, Fraction : Double, Flag : Boolean, Nothing : String, When : Timestamp) returns LargeString;
  function echoPlainFn(Text : String, Count : Integer, Big : Int64, Fraction : Double, Flag : Boolean, Nothing : String, When : Timestamp) returns LargeString;

  /** v2-only types, for the v2 adapter: Edm.DateTime (CDS DateTime) and Edm.Time (CDS Time). */
  function echoV2Fn(Stamp : DateTime, Clock : Time) returns LargeString;

  /** Starts a job: 202 Accepted with a Location to its Jobs entity. `Fail` makes the job end Failed. */
  action startJob(Fail : Boolean);

  /** Always rejected, with a code, a message and a target. */
  action closeYear(Year : Integer) returns LargeString;
  function closeYearFn(Year : Integer) returns LargeString;
}
