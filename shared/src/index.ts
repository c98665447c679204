export * from './api-key/base62';
export * from './api-key/crc32';
export * from './api-key/credentials';
export * from './api-key/ip';
export * from './api-key/name';
export * from './api-key/scopes';
export * from './errors/error-code';
export * from './pagination/page-size';
