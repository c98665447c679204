import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Keyhold</title></head>
<body><h1>Keyhold</h1><p>The admin app is not built yet. Run <code>pnpm build</code> (or <code>pnpm start</code>).</p></body></html>`;

/**
 * The built admin SPA under /admin with history fallback. Hashed assets are cached for a year;
 * index.html never, so a deploy is picked up at once. The same page answers a browser's
 * GET /graphql, where the SPA shows the API explorer.
 */
export function createWebApp(staticDir: string): {
  router: Router;
  sendIndex: (req: Request, res: Response) => void;
} {
  const indexPath = join(staticDir, 'index.html');
  // Read per navigation (small, rare): a rebuild in place is served at once, never a stale
  // index.html pointing at hashed assets that no longer exist.
  const sendIndex = (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : NOT_BUILT);
  };
  const router = express.Router();
  router.use(
    '/assets',
    express.static(join(staticDir, 'assets'), {
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
