import type { ServerResponse } from 'node:http';

/**
 * Which request an error belongs to, without AsyncLocalStorage: async context tracking installs
 * promise hooks that every promise of every request pays for (measured: 6–12 % of the CPU of an
 * authenticated request). The request id travels explicitly instead: on the context, on the
 * response's `X-Request-Id` header, and on the errors a request produced (tagged where the
 * GraphQL layer first sees them, read where they are shaped for the client and logged).
 */
const requestIds = new WeakMap<object, string>();

/** Marks errors (and what they wrap) as produced by request `requestId`. */
export function tagErrors(errors: readonly unknown[], requestId: string): void {
  for (const error of errors) {
    if (!error || typeof error !== 'object') continue;
    requestIds.set(error, requestId);
    const original = (error as { originalError?: unknown }).originalError;
    if (original && typeof original === 'object') requestIds.set(original, requestId);
  }
}

/** The request id an error was tagged with (tagErrors), if any. */
export function requestIdOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const id = requestIds.get(error);
  if (id !== undefined) return id;
  const original = (error as { originalError?: unknown }).originalError;
  return original && typeof original === 'object' ? requestIds.get(original) : undefined;
}

/** The id the request observer gave this response (its `X-Request-Id` header). */
export function responseRequestId(res: ServerResponse): string | undefined {
  const id = res.getHeader('x-request-id');
  return typeof id === 'string' ? id : undefined;
}
