import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import accepts from 'accepts';
import express from 'express';
import type { GraphQLContext } from '../common/context';
import type { Logger } from '../common/logger';
import { markSecure } from '../modules/auth';
import { createLoaders, type Services } from '../services';
import type { Authenticate } from './authenticate';
import {
  checkGraphQLRequest,
  sendMethodNotAllowed,
  sendRequestError,
  type HttpLikeError,
} from './http-errors';
import type { LeanGraphQL } from './lean-graphql';
import type { ObservedRequest } from './observability';

/** The JSON body limit, as body-parser spells it (messages say it) and in bytes. */
export const BODY_LIMIT = '100kb';
const BODY_LIMIT_BYTES = 100 * 1024;

const bodyError = (type: string): HttpLikeError => Object.assign(new Error(type), { type });

// body-parser, for what the hot path does not do itself: compressed bodies and charsets other
// than UTF-8. Same limit, same error types.
const bodyParser = express.json({ limit: BODY_LIMIT });

function parseWithBodyParser(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  return new Promise((resolve, reject) =>
    bodyParser(req as express.Request, res as express.Response, (err?: unknown) =>
      err ? reject(err as Error) : resolve((req as { body?: unknown }).body),
    ),
  );
}

// What body-parser's strict JSON accepts: an object or an array, after optional whitespace.
const STRICT_START = /^[ \t\n\r]*[{[]/;

/**
 * Reads and parses the JSON body once: identity-encoded UTF-8 (what clients send) is read
 * here, with the same limit and the same error types as body-parser (`entity.too.large`,
 * `entity.parse.failed`, `request.size.invalid`, `request.aborted`); anything else goes to
 * body-parser itself.
 */
export function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const encoding = req.headers['content-encoding'];
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (
    (encoding !== undefined && encoding.toLowerCase() !== 'identity') ||
    (charset !== undefined && charset.toLowerCase() !== 'utf-8')
  ) {
    return parseWithBodyParser(req, res);
  }
  const declared =
    req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let failed = false;
    const fail = (type: string) => {
      if (failed) return;
      failed = true;
      req.removeListener('data', onData);
      // The rest of the body is read and dropped, so that the answer reaches the client.
      req.resume();
      reject(bodyError(type));
    };
    function onData(chunk: Buffer) {
      received += chunk.length;
      if (received > BODY_LIMIT_BYTES) return fail('entity.too.large');
      chunks.push(chunk);
    }
    if (declared !== null && declared > BODY_LIMIT_BYTES) return fail('entity.too.large');
    req.on('data', onData);
    req.once('aborted', () => fail('request.aborted'));
    req.once('error', () => fail('request.aborted'));
    req.once('end', () => {
      if (failed) return;
      if (declared !== null && received !== declared)
        return reject(bodyError('request.size.invalid'));
      let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString(
        'utf8',
      );
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) return resolve({});
      if (!STRICT_START.test(text)) return reject(bodyError('entity.parse.failed'));
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(bodyError('entity.parse.failed'));
      }
    });
  });
}

const EXPLORER_TYPES = ['application/json', 'application/graphql-response+json', 'text/html'];

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GraphQLContext>;
  /** Answers POSTs of documents Apollo has already prepared, without its pipeline. */
  lean?: LeanGraphQL;
  services: Services;
  logger: Logger;
  authenticate: Authenticate;
  resolveClientAddress: (socket: string | undefined, xff: string | string[] | undefined) => string;
  isTrustedPeer: (socket: string | undefined) => boolean;
  /** The explorer: the SPA's index page, for a browser navigating to /graphql. */
  sendExplorer: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * POST and GET /graphql on plain node:http: method and media-type checks, one JSON parse,
 * authentication, then Apollo Server's own request handling (`executeHTTPGraphQLRequest`).
 * No Express on this path: it is the one every integrator request takes.
 */
export function createGraphQLRoute(options: GraphQLRouteOptions) {
  const { apollo, lean, services, logger, authenticate, resolveClientAddress, isTrustedPeer } =
    options;

  function send(res: ServerResponse, status: number | undefined, headers: HeaderMap, body: string) {
    // Answers are per caller and may carry a secret (createApiKey): never stored by a cache.
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of headers) res.setHeader(name, value);
    res.statusCode = status ?? 200;
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, observed: ObservedRequest) {
    const method = req.method;
    if (method === 'GET' || method === 'HEAD') {
      // A browser navigating here gets the explorer; API clients get GraphQL over GET.
      if (req.headers.accept && accepts(req).type(EXPLORER_TYPES) === 'text/html') {
        return options.sendExplorer(req, res);
      }
    }
    if (method !== 'GET' && method !== 'POST') {
      return sendMethodNotAllowed(req, res, ['GET', 'POST']);
    }
    if (!checkGraphQLRequest(req, res)) return;
    const body = method === 'POST' ? await readJsonBody(req, res) : undefined;
    // Secure cookies over https, also when TLS ends at a trusted proxy.
    if (
      'encrypted' in req.socket ||
      (isTrustedPeer(req.socket.remoteAddress) && req.headers['x-forwarded-proto'] === 'https')
    ) {
      markSecure(res);
    }
    const ip = resolveClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
    const principal = await authenticate(req, res, ip);
    if (!principal) return;

    const context: GraphQLContext = {
      requestId: observed.requestId,
      observed,
      ip,
      principal,
      services,
      loaders: createLoaders(services),
      exercisedScopes: [],
      req,
      res,
    };
    if (lean && method === 'POST') {
      const answer = await lean.run(body, req.headers.accept, context);
      if (answer) return send(res, answer.status, answer.headers, answer.body);
    }

    const headers = new HeaderMap();
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const previous = headers.get(name);
      headers.set(name, previous === undefined ? raw[i + 1]! : `${previous}, ${raw[i + 1]!}`);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method,
      headers,
      search: query < 0 ? '' : url.slice(query),
      body,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: () => Promise.resolve(context),
    });
    if (response.body.kind === 'complete') {
      return send(res, response.status, response.headers, response.body.string);
    }
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return (req: IncomingMessage, res: ServerResponse, observed: ObservedRequest): void => {
    handle(req, res, observed).catch((err: HttpLikeError) => {
      if (res.headersSent) return void res.destroy(err);
      sendRequestError(logger, BODY_LIMIT, err, res, observed.requestId);
    });
  };
}
