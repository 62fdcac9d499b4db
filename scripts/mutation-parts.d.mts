/** Types of mutation-parts.mjs (plain JavaScript so stryker.config.mjs can import it). */
export declare const DEFAULT_PARTS: string;
export declare function mutationParts(env?: Record<string, string | undefined>): { project: string; packageDir: string; folder: string }[];
