import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Keyhold</title></head>
<body><h1>Keyhold</h1><p>The admin app is not built yet. Run <code>pnpm build</code> (or <code>pnpm start</code>).</p></body></html>`;

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** Whether Accept-Encoding allows `name` (listed, or `*`, without q=0). */
export function acceptsEncoding(header: string | undefined, name: string): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (token !== name && token !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * Serves the .br or .gz file the web build wrote beside an asset, when the browser accepts
 * it: the request is pointed at that file and express.static sends it (ETag, caching, ranges)
 * with the original file's type. Files with variants always answer `Vary: Accept-Encoding`.
 */
export function precompressed(root: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || !extname(file)) return next();
    let varied = false;
    for (const { name, suffix } of ENCODINGS) {
      if (!existsSync(file + suffix)) continue;
      if (!varied) res.vary('Accept-Encoding');
      varied = true;
      if (!acceptsEncoding(req.headers['accept-encoding'], name)) continue;
      res.setHeader('Content-Encoding', name);
      res.type(extname(file));
      const query = req.url.indexOf('?');
      req.url =
        query < 0 ? req.url + suffix : req.url.slice(0, query) + suffix + req.url.slice(query);
      return next();
    }
    next();
  };
}

/**
 * The built admin SPA under /admin with history fallback. Hashed assets are cached for a year;
 * index.html never, so a deploy is picked up at once. The same page answers a browser's
 * GET /graphql, where the SPA shows the API explorer.
 */
export function createWebApp(staticDir: string): {
  router: Router;
  sendIndex: (req: IncomingMessage, res: ServerResponse) => void;
} {
  const indexPath = join(staticDir, 'index.html');
  // Read per navigation (small, rare): a rebuild in place is served at once, never a stale
  // index.html pointing at hashed assets that no longer exist.
  const sendIndex = (req: IncomingMessage, res: ServerResponse) => {
    const html = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : NOT_BUILT;
    res.statusCode = 200;
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(html));
    res.end(req.method === 'HEAD' ? undefined : html);
  };
  const router = express.Router();
  const assets = join(staticDir, 'assets');
  router.use('/assets', precompressed(normalize(assets)));
  router.use(
    '/assets',
    express.static(assets, {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  router.use(express.static(staticDir, { index: false, maxAge: '1h' }));
  router.use((req, res, next) =>
    req.method === 'GET' || req.method === 'HEAD' ? sendIndex(req, res) : next(),
  );
  return { router, sendIndex };
}
