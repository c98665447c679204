import { badUserInput } from './errors';

// Opaque cursors, free of GraphQL decorators so the benchmarks load the server's own code.
export type SortValue = string | null;

/** What an opaque cursor holds: the order it was issued for, the sort value and the id. */
export interface CursorPayload {
  order: string;
  value: SortValue;
  id: string;
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify([payload.order, payload.value, payload.id])).toString(
    'base64url',
  );
}

export function decodeCursor(field: string, cursor: string, order: string): CursorPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(field, 'malformed cursor');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    (typeof parsed[1] !== 'string' && parsed[1] !== null) ||
    typeof parsed[2] !== 'string'
  ) {
    throw badUserInput(field, 'malformed cursor');
  }
  if (parsed[0] !== order) {
    throw badUserInput(field, `cursor was issued for another order (${parsed[0]}), not ${order}`);
  }
  return { order, value: parsed[1], id: parsed[2] };
}
