import type { ServerConfigOptions } from './options.js';

export function apacheConfig(_options: ServerConfigOptions): string {
  throw new Error('not yet');
}
