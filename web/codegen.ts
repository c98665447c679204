import type { CodegenConfig } from '@graphql-codegen/cli';

const clientOutput = {
  preset: 'client' as const,
  presetConfig: { fragmentMasking: false },
  config: {
    scalars: { DateTime: 'string' },
    enumsAsTypes: true,
    useTypeImports: true,
  },
};

// The documents of one generated module are bundled together, and the app shell imports
// src/gql/graphql.ts (the viewer query): modules that only lazy routes use get an output of
// their own, so their documents stay out of the initial load (the 250 KB budget).
const LAZY_MODULES = ['audit', 'webhooks'];

const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      ...clientOutput,
      documents: [
        'src/modules/**/graphql/*.graphql',
        ...LAZY_MODULES.map((m) => `!src/modules/${m}/graphql/*.graphql`),
      ],
    },
    ...Object.fromEntries(
      LAZY_MODULES.map((m) => [
        `src/gql/${m}/`,
        { ...clientOutput, documents: [`src/modules/${m}/graphql/*.graphql`] },
      ]),
    ),
  },
};

export default config;
