import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from '../common/logger';
import { looksSecret } from '../common/redact';

export function createMetrics(
  databaseQueries: () => number,
  redisFallbacks: () => number = () => 0,
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Counter({
    name: 'keyhold_database_queries_total',
    help: 'SQL statements sent to the database by this process',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(databaseQueries());
    },
  });
  new Counter({
    name: 'keyhold_redis_fallbacks_total',
    help: 'Counter and notification operations done without Redis (REDIS_URL set, Redis away)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(redisFallbacks());
    },
  });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'keyhold_http_request_duration_seconds',
      help: 'HTTP request duration, by route and GraphQL operation name',
      labelNames: ['method', 'route', 'operation', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    authentications: new Counter({
      name: 'keyhold_api_key_authentications_total',
      help: 'API key authentications by result (ok or the failure reason)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// A caller's X-Request-Id is kept only when it is a short token of safe characters: it is
// echoed, logged and shown in error messages.
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

// Metric labels are bounded: known routes (the SPA as one), everything else "other".
const ROUTES = new Set(['/', '/graphql', '/healthz', '/readyz', '/metrics']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);

export function routeLabel(path: string): string {
  if (path === '/admin' || path.startsWith('/admin/')) return '/admin';
  return ROUTES.has(path) ? path : 'other';
}

/** What observing a request keeps: its id, and the operation label GraphQL fills in. */
export interface ObservedRequest {
  requestId: string;
  operation: string;
}

/**
 * Gives the request an id (kept from X-Request-Id when well-formed) and records duration and a
 * log line when the answer is sent. Headers are never logged: they carry credentials. Works on
 * plain node requests: the GraphQL route has no Express around it.
 */
export function createRequestObserver(logger: Logger, metrics: Metrics) {
  // prom-client hashes the label set on every observe; the few label sets there are (bounded
  // above) are resolved once each.
  const durations = new Map<string, { observe(seconds: number): void }>();
  const debug = logger.isLevelEnabled('debug');
  return (req: IncomingMessage, res: ServerResponse, path: string): ObservedRequest => {
    const incoming = req.headers['x-request-id'];
    const observed: ObservedRequest = {
      requestId:
        typeof incoming === 'string' && REQUEST_ID.test(incoming) && !looksSecret(incoming)
          ? incoming
          : randomUUID(),
      operation: '',
    };
    res.setHeader('X-Request-Id', observed.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = METHODS.has(req.method ?? '') ? req.method! : 'other';
      const route = routeLabel(path);
      const status = String(res.statusCode);
      const key = `${method} ${route} ${observed.operation} ${status}`;
      let histogram = durations.get(key);
      if (!histogram) {
        histogram = metrics.httpDuration.labels({
          method,
          route,
          operation: observed.operation,
          status,
        });
        durations.set(key, histogram);
      }
      histogram.observe(seconds);
      if (debug) {
        logger.debug(
          {
            requestId: observed.requestId,
            method: req.method,
            route,
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
            operation: observed.operation,
          },
          'request',
        );
      }
    });
    return observed;
  };
}

export type RequestObserver = ReturnType<typeof createRequestObserver>;
