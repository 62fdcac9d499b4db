/**
 * `@msr/pipeline` — see the package README.
 *
 * @module
 */
export const PACKAGE_NAME = '@msr/pipeline';
