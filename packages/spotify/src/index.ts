/**
 * `@msr/spotify` — see the package README.
 *
 * @module
 */
export const PACKAGE_NAME = '@msr/spotify';
