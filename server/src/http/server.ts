import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { ObservedRequest, RequestObserver } from './observability';

/**
 * For every answer (the SPA and the explorer above all): scripts only from our own origin, no
 * inline script or eval; inline styles are allowed because Mantine and GraphiQL's editor set
 * them at run time; the editor's workers are our own bundled files. No framing by anyone.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A route on plain node:http: no Express in front of it. */
export type Route = (req: IncomingMessage, res: ServerResponse, observed: ObservedRequest) => void;

/**
 * The HTTP server: every request is observed (id, metrics, log line) and gets the security
 * headers; a path registered with `route()` is answered by its handler on plain node:http
 * (the hot GraphQL endpoint), everything else by the Express app.
 */
export function createHttpServer(observe: RequestObserver) {
  const routes = new Map<string, Route>();
  let fallback: Express | null = null;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const observed = observe(req, res, path);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    // Express matches routes case-insensitively and with or without a trailing slash; so do these.
    const route = routes.get(path.toLowerCase().replace(/(.)\/$/, '$1'));
    if (route) return route(req, res, observed);
    fallback!(req, res);
  });
  return {
    server,
    /** Answers `path` with `handler`, before and without Express. */
    route(path: string, handler: Route) {
      routes.set(path.toLowerCase(), handler);
    },
    /** Answers everything else. */
    fallback(app: Express) {
      fallback = app;
    },
  };
}
