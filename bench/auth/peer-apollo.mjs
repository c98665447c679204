#!/usr/bin/env node
// The peer bench/auth measures Keyhold against: a stock Apollo Server 5 standalone server with
// a one-field schema that answers `{ viewer { kind } }` with the same shape as Keyhold's
// anonymous answer. No plugins, no auth, no metrics: what Apollo Server alone costs.
// Run as its own process (so it has an event loop to itself, like Keyhold); prints its URL.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const typeDefs = `#graphql
  enum PrincipalKind { ANONYMOUS }
  type Viewer { kind: PrincipalKind! }
  type Query { viewer: Viewer! }
`;
const resolvers = { Query: { viewer: () => ({ kind: 'ANONYMOUS' }) } };

const server = new ApolloServer({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, {
  listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) },
});
process.stdout.write(`${url}\n`);
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
