import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingMessage['headers'];
  body: string;
  json: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
  at: number;
}

/** How the receiver answers one request: a status, or 'hang' (never answers). */
export type Answer = number | 'hang';

/** A local HTTP endpoint that records what webhooks post to it. */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** Answers for the next requests, in order; then `fallback`. */
  readonly answers: Answer[] = [];
  fallback: Answer = 200;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = createServer((req, res) => holder.receiver!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hook`);
    return holder.receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body, json: JSON.parse(body), at: Date.now() });
      const answer = this.answers.shift() ?? this.fallback;
      if (answer === 'hang') {
        this.hanging.add(res);
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer >= 300 ? `receiver says no ${'x'.repeat(5000)}` : 'ok');
    });
  }

  async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedDelivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} deliveries, got ${this.received.length}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.received;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/**
 * Verifies Keyhold-Signature headers with Python's hmac (an implementation independent of the
 * server's): for each case, true when v1 is HMAC-SHA256(secret, "<t>.<body>"). One python3
 * process for all cases.
 */
export function verifyWithPython(
  cases: { secret: string; header: string; body: string }[],
): boolean[] {
  const script = `
import hashlib, hmac, json, sys
out = []
for m in json.load(sys.stdin):
    parts = dict(p.split("=", 1) for p in m["header"].split(","))
    expected = hmac.new(m["secret"].encode(), (parts["t"] + "." + m["body"]).encode(), hashlib.sha256).hexdigest()
    out.append(hmac.compare_digest(expected, parts["v1"]))
print(json.dumps(out))
`;
  const out = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`python3 failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as boolean[];
}
