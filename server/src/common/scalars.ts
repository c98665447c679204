import { GraphQLDateTime } from 'graphql-scalars';

/** The contract names its date scalar `DateTime` (TypeGraphQL 2 would call it DateTimeISO). */
export const DateTimeScalar = GraphQLDateTime;
