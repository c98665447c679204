import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './address-guard';

export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer is read and kept: enough to tell an error page apart. */
const RESPONSE_EXCERPT_BYTES = 200;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export interface PostResult {
  status: number | null;
  /** Short: a status line, a network error code or the start of the answer. */
  error: string | null;
}

/**
 * POSTs one delivery to `url`, connected to `address` (already checked) whatever DNS says now.
 * Resolves with the HTTP status, or with an error after DELIVERY_TIMEOUT_MS or a network failure.
 */
export function postDelivery(
  url: URL,
  address: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<PostResult> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Keyhold-Webhooks/1',
        },
        agent: false,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          res.resume();
          finish({ status, error: null });
          return;
        }
        let excerpt = Buffer.alloc(0);
        res.on('data', (chunk: Buffer) => {
          excerpt = Buffer.concat([excerpt, chunk]).subarray(0, RESPONSE_EXCERPT_BYTES);
          if (excerpt.length >= RESPONSE_EXCERPT_BYTES) res.destroy();
        });
        const done = () => {
          const text = excerpt
            .toString('utf8')
            .replace(/[^\x20-\x7e]+/g, ' ')
            .trim();
          finish({ status, error: `HTTP ${status}${text ? `: ${text}` : ''}`.slice(0, 300) });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: null, error: `no answer within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish({ status: null, error: `connection failed: ${err.code ?? 'network error'}` });
    });
    req.end(body);
  });
}
