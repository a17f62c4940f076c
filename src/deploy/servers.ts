/**
 * The web servers `lodfolio server-config` writes a configuration for. A
 * list of its own, apart from the writers (deploy/command.ts maps each to
 * its own), so that the command line can name them in its help without
 * loading the writers, which load the build.
 */
export const serverNames = ['nginx', 'apache', 'caddy'] as const;
export type ServerName = (typeof serverNames)[number];
