import { AsyncLocalStorage } from 'node:async_hooks';

/** Request-scoped values that code far from Express (logging, formatError) needs. */
export interface RequestStore {
  requestId: string;
}

export const requestStore = new AsyncLocalStorage<RequestStore>();

export function currentRequestId(): string | undefined {
  return requestStore.getStore()?.requestId;
}
