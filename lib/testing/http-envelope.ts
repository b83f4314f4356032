import { STATUS_CODES } from 'node:http';

/**
 * A whole HTTP response as text: the body of an OData 4.0 `application/http` completion
 * (§11.6). Lines end in CRLF as HTTP requires; clients that split on LF alone are caught.
 */
export function httpMessage(status: number, headers: Readonly<Record<string, string>>, body: string): string {
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}
